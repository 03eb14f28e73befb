/**
 * The one compute flavor of this cloud (Nova's): the demo servers and the amphorae are small
 * processes, not virtual machines. A flavor profile's `compute_flavor` must name it.
 */
export const FLAVOR = { id: "1", name: "m1.demo", ram: 64, vcpus: 1, disk: 0 } as const;
