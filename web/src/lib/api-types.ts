// The proxy's API and Apple's v2 contract are defined once, in the proxy's contract module.
export type {
  AssetMetadata,
  AuditEntry,
  Chunk,
  ExpiryState,
  Failure,
  JobPause,
  JobPlan,
  JobSnapshot,
  JobState,
  JobType,
  LocationView,
  Outcome,
} from "@vpp/proxy/contract";
