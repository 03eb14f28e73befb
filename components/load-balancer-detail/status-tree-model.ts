import type { StatusTree } from "@/components/api-types";
import { routes } from "./routes";

// The status tree as a picture: load balancer -> listeners -> (default) pools -> members, laid out
// left to right in columns, each leaf on a row of its own and each parent centred on its
// children. Pure geometry, so the layout is tested without a browser; status-tree-view.tsx draws it.

export type NodeKind = "loadbalancer" | "listener" | "pool" | "member";

export interface TreeNode {
  key: string;
  kind: NodeKind;
  id: string;
  title: string;
  /** A second line: what the caller knows of it (a listener's HTTP:80), the member's address, or the kind. */
  detail: string;
  provisioning_status: string;
  operating_status: string;
  href: string;
  /** On pools: their health monitor, drawn as a tag under the box. */
  monitor: { type: string; operating_status: string; provisioning_status: string } | null;
  x: number;
  y: number;
}

export interface TreeEdge {
  key: string;
  /** SVG path data of the elbow from the parent's right side to the child's left side. */
  d: string;
}

export interface TreeModel {
  nodes: TreeNode[];
  edges: TreeEdge[];
  width: number;
  height: number;
}

export const BOX = { width: 176, height: 44 } as const;
const GAP_X = 44;
const ROW = 60;
const PAD = 8;

export const KIND_LABEL: Record<NodeKind, string> = { loadbalancer: "Load balancer", listener: "Listener", pool: "Pool", member: "Member" };

const colX = (col: number) => PAD + col * (BOX.width + GAP_X);
const rowY = (row: number) => PAD + row * ROW;

function edge(parent: TreeNode, child: TreeNode): TreeEdge {
  const x1 = parent.x + BOX.width;
  const y1 = parent.y + BOX.height / 2;
  const x2 = child.x;
  const y2 = child.y + BOX.height / 2;
  const xm = x1 + GAP_X / 2;
  return { key: `${parent.key}->${child.key}`, d: `M${x1} ${y1} H${xm} V${y2} H${x2}` };
}

const short = (id: string) => id.slice(0, 8);

/** `details` gives second lines by id (e.g. listeners' protocol and port, which the tree does not carry). */
export function buildStatusTreeModel(tree: StatusTree, details: ReadonlyMap<string, string> = new Map()): TreeModel {
  const lb = tree.loadbalancer;
  const nodes: TreeNode[] = [];
  const edges: TreeEdge[] = [];
  let rows = 0;

  const node = (
    kind: NodeKind,
    r: { id: string; name: string; provisioning_status: string; operating_status: string },
    key: string,
    col: number,
    y: number,
    extra: { detail?: string; href: string; monitor?: TreeNode["monitor"] },
  ): TreeNode => ({
    key,
    kind,
    id: r.id,
    title: r.name || short(r.id),
    detail: extra.detail ?? details.get(r.id) ?? KIND_LABEL[kind],
    provisioning_status: r.provisioning_status,
    operating_status: r.operating_status,
    href: extra.href,
    monitor: extra.monitor ?? null,
    x: colX(col),
    y,
  });

  /** Centred on the children's rows, or on a row of its own when it has none. */
  const centre = (childYs: number[]) => {
    if (childYs.length === 0) return rowY(rows++);
    return ((childYs[0] ?? 0) + (childYs.at(-1) ?? 0)) / 2;
  };

  const listenerNodes = lb.listeners.map((l) => {
    const poolNodes = l.pools.map((p) => {
      const poolKey = `pool:${p.id}:${l.id}`;
      const memberNodes = p.members.map((m) =>
        node("member", m, `member:${m.id}:${l.id}`, 3, rowY(rows++), {
          detail: `${m.address}:${m.protocol_port}`,
          href: routes.member(lb.id, p.id, m.id),
        }),
      );
      const hm = p.health_monitor;
      const poolNode = node("pool", p, poolKey, 2, centre(memberNodes.map((m) => m.y)), {
        href: routes.pool(lb.id, p.id),
        monitor: hm ? { type: hm.type, operating_status: hm.operating_status, provisioning_status: hm.provisioning_status } : null,
      });
      nodes.push(poolNode, ...memberNodes);
      edges.push(...memberNodes.map((m) => edge(poolNode, m)));
      return poolNode;
    });
    const listenerNode = node("listener", l, `listener:${l.id}`, 1, centre(poolNodes.map((p) => p.y)), { href: routes.listener(lb.id, l.id) });
    nodes.push(listenerNode);
    edges.push(...poolNodes.map((p) => edge(listenerNode, p)));
    return listenerNode;
  });
  const root = node("loadbalancer", lb, `loadbalancer:${lb.id}`, 0, centre(listenerNodes.map((l) => l.y)), { href: routes.loadBalancer(lb.id) });
  nodes.unshift(root);
  edges.push(...listenerNodes.map((l) => edge(root, l)));

  const columns = 1 + Math.max(0, ...nodes.map((n) => ({ loadbalancer: 0, listener: 1, pool: 2, member: 3 })[n.kind]));
  return {
    nodes,
    edges,
    width: PAD * 2 + columns * BOX.width + (columns - 1) * GAP_X,
    height: PAD * 2 + Math.max(1, rows) * ROW - (ROW - BOX.height),
  };
}
