"""openstacksdk, Debian's python3-openstacksdk, driving the product as an OpenStack client.

Run by openstacksdk.int.test.ts with /usr/bin/python3 and nothing of the caller's environment:
the phase is the first argument, the cloud comes from OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and
OS_PROJECT_NAME. Each step prints one JSON line ({"step": ..., ...}) the test asserts on; any
refusal raises, so the process exits non-zero with openstacksdk's traceback on stderr.

  create     a load balancer on selfservice-subnet with a listener, a pool, a member for each
             of web1 and web2 (their addresses from Nova's server list), an HTTP health
             monitor, each waited for; a floating IP on public set on the VIP port, waited
             for until it is ACTIVE (the router carries it)
  delete     LB_ID FIP_ID: deletes the floating IP, then the load balancer with cascade, and
             waits until it is gone
  rescope    an unscoped password token, the user's projects, and the token method to scope it
  horizon    the bodies Horizon's octavia-dashboard sends, over plain requests: every optional
             field null and the caller's own project_id, a resource at a time
"""

import json
import os
import sys

import openstack
from openstack import utils
import requests
from keystoneauth1 import session
from keystoneauth1.identity import v3


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def connect():
    return openstack.connect(
        auth_url=os.environ["OS_AUTH_URL"],
        username=os.environ["OS_USERNAME"],
        password=os.environ["OS_PASSWORD"],
        project_name=os.environ["OS_PROJECT_NAME"],
        user_domain_name="Default",
        project_domain_name="Default",
        region_name="RegionOne",
    )


def wait_until_gone(conn, lb_id):
    # Octavia answers 404 for a deleted load balancer; openstacksdk's own wait loop polls for it.
    for _ in utils.iterate_timeout(120, f"load balancer {lb_id} still there", wait=1):
        if conn.load_balancer.find_load_balancer(lb_id) is None:
            return


def ipv4_of(server, network):
    return next(a["addr"] for a in server.addresses[network] if a["version"] == 4)


def create(conn):
    subnet = conn.network.find_subnet("selfservice-subnet", ignore_missing=False)
    network = conn.network.get_network(subnet.network_id)
    servers = {s.name: s for s in conn.compute.servers()}
    emit("servers", servers={name: s.addresses for name, s in sorted(servers.items())})

    lb = conn.load_balancer.create_load_balancer(name="sdk-lb", vip_subnet_id=subnet.id)
    lb = conn.load_balancer.wait_for_load_balancer(lb.id)
    emit("load_balancer", id=lb.id, provisioning_status=lb.provisioning_status, vip_address=lb.vip_address,
         vip_port_id=lb.vip_port_id, vip_subnet_id=lb.vip_subnet_id, project_id=lb.project_id)

    listener = conn.load_balancer.create_listener(name="sdk-l1", protocol="HTTP", protocol_port=80, load_balancer_id=lb.id)
    conn.load_balancer.wait_for_load_balancer(lb.id)
    listener = conn.load_balancer.get_listener(listener.id)
    emit("listener", id=listener.id, protocol=listener.protocol, protocol_port=listener.protocol_port,
         provisioning_status=listener.provisioning_status)

    pool = conn.load_balancer.create_pool(name="sdk-p1", protocol="HTTP", lb_algorithm="ROUND_ROBIN", listener_id=listener.id)
    conn.load_balancer.wait_for_load_balancer(lb.id)
    pool = conn.load_balancer.get_pool(pool.id)
    emit("pool", id=pool.id, lb_algorithm=pool.lb_algorithm, provisioning_status=pool.provisioning_status)

    for name in ("web1", "web2"):
        member = conn.load_balancer.create_member(pool, name=name, address=ipv4_of(servers[name], network.name),
                                                  protocol_port=80, subnet_id=subnet.id)
        conn.load_balancer.wait_for_load_balancer(lb.id)
        member = conn.load_balancer.get_member(member.id, pool)
        emit("member", name=member.name, address=member.address, subnet_id=member.subnet_id,
             provisioning_status=member.provisioning_status)

    monitor = conn.load_balancer.create_health_monitor(name="sdk-hm1", pool_id=pool.id, type="HTTP", delay=1, timeout=1, max_retries=2)
    lb = conn.load_balancer.wait_for_load_balancer(lb.id)
    monitor = conn.load_balancer.get_health_monitor(monitor.id)
    emit("health_monitor", type=monitor.type, url_path=monitor.url_path, provisioning_status=monitor.provisioning_status)
    emit("load_balancer_active", provisioning_status=lb.provisioning_status, operating_status=lb.operating_status)

    public = conn.network.find_network("public", ignore_missing=False)
    fip = conn.network.create_ip(floating_network_id=public.id)
    conn.network.update_ip(fip, port_id=lb.vip_port_id)
    # The floating IP is the router's DNAT: DOWN until the router carries it, then ACTIVE. The
    # load balancer is not touched.
    for _ in utils.iterate_timeout(60, f"floating IP {fip.floating_ip_address} not ACTIVE", wait=1):
        fip = conn.network.get_ip(fip.id)
        if fip.status == "ACTIVE":
            break
    emit("floating_ip", id=fip.id, floating_ip_address=fip.floating_ip_address, port_id=fip.port_id,
         fixed_ip_address=fip.fixed_ip_address, status=fip.status,
         load_balancer_status=conn.load_balancer.get_load_balancer(lb.id).provisioning_status)


def delete(conn, lb_id, fip_id):
    conn.network.delete_ip(fip_id, ignore_missing=False)
    conn.load_balancer.delete_load_balancer(lb_id, cascade=True)
    wait_until_gone(conn, lb_id)
    emit("deleted", id=lb_id, found=conn.load_balancer.find_load_balancer(lb_id) is not None,
         floating_ip_found=conn.network.find_ip(fip_id) is not None)


def horizon(conn):
    """Horizon's octavia-dashboard leaves what the operator did not fill in as null."""
    project_id = conn.current_project_id
    base = conn.endpoint_for("load-balancer").rstrip("/") + "/v2.0/lbaas"
    headers = {"X-Auth-Token": conn.auth_token, "Content-Type": "application/json", "Accept": "application/json"}
    subnet = conn.network.find_subnet("selfservice-subnet", ignore_missing=False)

    def post(path, wrapper, body):
        res = requests.post(f"{base}/{path}", headers=headers, json={wrapper: body}, timeout=30)
        emit(f"horizon_{wrapper}", status=res.status_code, body=res.json())
        res.raise_for_status()
        return res.json()[wrapper]

    lb = post("loadbalancers", "loadbalancer", {
        "name": "horizon-lb", "description": None, "vip_address": None, "vip_subnet_id": subnet.id,
        "admin_state_up": True, "project_id": project_id,
    })
    conn.load_balancer.wait_for_load_balancer(lb["id"])
    listener = post("listeners", "listener", {
        "name": None, "description": None, "protocol": "HTTP", "protocol_port": 8080, "loadbalancer_id": lb["id"],
        "connection_limit": None, "admin_state_up": True, "allowed_cidrs": None, "insert_headers": None,
        "timeout_client_data": None, "timeout_member_connect": None, "timeout_member_data": None,
        "timeout_tcp_inspect": None, "default_tls_container_ref": None, "sni_container_refs": None,
        "project_id": project_id,
    })
    conn.load_balancer.wait_for_load_balancer(lb["id"])
    pool = post("pools", "pool", {
        "name": None, "description": None, "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN",
        "listener_id": listener["id"], "session_persistence": None, "admin_state_up": True,
        "project_id": project_id,
    })
    conn.load_balancer.wait_for_load_balancer(lb["id"])
    web3 = next(s for s in conn.compute.servers() if s.name == "web3")
    member_address = next(a["addr"] for addresses in web3.addresses.values() for a in addresses if a["version"] == 4)
    post(f"pools/{pool['id']}/members", "member", {
        "name": None, "address": member_address, "protocol_port": 80, "subnet_id": subnet.id, "weight": None,
        "monitor_address": None, "monitor_port": None, "admin_state_up": True, "backup": None,
        "project_id": project_id,
    })
    conn.load_balancer.wait_for_load_balancer(lb["id"])
    post("healthmonitors", "healthmonitor", {
        "name": None, "type": "HTTP", "delay": 2, "timeout": 1, "max_retries": 2, "max_retries_down": None,
        "pool_id": pool["id"], "http_method": None, "expected_codes": None, "url_path": None,
        "admin_state_up": True, "project_id": project_id,
    })
    lb_now = conn.load_balancer.wait_for_load_balancer(lb["id"])
    emit("horizon_active", id=lb["id"], provisioning_status=lb_now.provisioning_status)

    # Associate Floating IP: Horizon names the port and the address on it.
    network_url = conn.endpoint_for("network").rstrip("/") + "/v2.0"
    public = conn.network.find_network("public", ignore_missing=False)
    fip = conn.network.create_ip(floating_network_id=public.id)
    res = requests.put(f"{network_url}/floatingips/{fip.id}", headers=headers, timeout=30, json={
        "floatingip": {"port_id": lb["vip_port_id"], "fixed_ip_address": lb["vip_address"]},
    })
    emit("horizon_floatingip", status=res.status_code, body=res.json())
    res.raise_for_status()
    conn.network.delete_ip(fip.id, ignore_missing=False)

    conn.load_balancer.delete_load_balancer(lb["id"], cascade=True)
    wait_until_gone(conn, lb["id"])
    emit("horizon_deleted", id=lb["id"])


def methods_of(sess, access):
    """The token's methods, as Keystone's validation (GET auth/tokens) answers them."""
    url = os.environ["OS_AUTH_URL"] + "/auth/tokens"
    return sess.get(url, headers={"X-Subject-Token": access.auth_token}).json()["token"]["methods"]


def rescope():
    """Horizon's login, through keystoneauth's own plugins: an unscoped password token, the
    user's projects, then the token method for a token scoped to one of them."""
    auth_url = os.environ["OS_AUTH_URL"]
    unscoped = session.Session(auth=v3.Password(
        auth_url=auth_url, username=os.environ["OS_USERNAME"], password=os.environ["OS_PASSWORD"],
        user_domain_name="Default", unscoped=True,
    ))
    access = unscoped.auth.get_access(unscoped)
    emit("unscoped", project_scoped=access.project_scoped, project_id=access.project_id, methods=methods_of(unscoped, access))
    user_projects = unscoped.get(f"{auth_url}/users/{access.user_id}/projects").json()["projects"]
    auth_projects = unscoped.get(f"{auth_url}/auth/projects").json()["projects"]
    emit("projects", users=sorted(p["name"] for p in user_projects), auth=sorted(p["name"] for p in auth_projects))

    project = next(p for p in auth_projects if p["name"] == os.environ["OS_PROJECT_NAME"])
    scoped = session.Session(auth=v3.Token(auth_url=auth_url, token=access.auth_token, project_id=project["id"]))
    scoped_access = scoped.auth.get_access(scoped)
    emit("rescoped", project_id=scoped_access.project_id, methods=methods_of(scoped, scoped_access),
         roles=sorted(scoped_access.role_names))
    conn = openstack.connect(session=scoped, region_name="RegionOne")
    emit("rescoped_lists", load_balancers=[lb.name for lb in conn.load_balancer.load_balancers()],
         servers=sorted(s.name for s in conn.compute.servers()))


if __name__ == "__main__":
    phase = sys.argv[1]
    if phase == "create":
        create(connect())
    elif phase == "delete":
        delete(connect(), sys.argv[2], sys.argv[3])
    elif phase == "horizon":
        horizon(connect())
    elif phase == "rescope":
        rescope()
    else:
        raise SystemExit(f"unknown phase {phase}")
