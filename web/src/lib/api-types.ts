// The proxy's API types are defined once, in the proxy; the web only imports them.
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
} from "../../../proxy/src/api-types";
