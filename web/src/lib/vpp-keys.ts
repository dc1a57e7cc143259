/** Hierarchical query keys for one location's Apple data. */
export const vppKeys = {
  all: (locationId: string) => ["vpp", locationId] as const,
  assets: (locationId: string) => [...vppKeys.all(locationId), "assets"] as const,
  metadata: (locationId: string, ids: string) => [...vppKeys.all(locationId), "metadata", ids] as const,
  assignments: (locationId: string, filter: Record<string, string>) =>
    [...vppKeys.all(locationId), "assignments", filter] as const,
  users: (locationId: string, filter: Record<string, string>) =>
    [...vppKeys.all(locationId), "users", filter] as const,
};
