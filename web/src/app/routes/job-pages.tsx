import { Alert, Box, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useParams, useSearchParams } from "react-router";
import { Activity } from "../../features/jobs/components/activity";
import { sessionQueryOptions } from "../../lib/api/session";
import { AlertSettingsCard } from "../../features/alerts/components/alert-settings-card";
import { SettingsView } from "../../features/settings/components/settings-view";
import { SyncCard } from "../../features/sync/components/sync-card";
import { GuardrailsCard } from "../../features/reclaim/components/guardrails-card";
import { JobsList } from "../../features/jobs/components/jobs-list";
import { JobView } from "../../features/jobs/components/job-view";
import { Wizard } from "../../features/wizard/components/wizard";
import { ACTIONS, type WizardAction } from "../../features/wizard/get-steps";
import { useCurrentLocation } from "./location-layout";

export function JobsRoute() {
  const admin = useQuery(sessionQueryOptions()).data?.role === "admin";
  return (
    <Stack gap="xl">
      <JobsList locationId={useCurrentLocation().id} canWrite={admin} />
      {admin && <Activity />}
    </Stack>
  );
}

export function JobRoute() {
  const { jobId = "" } = useParams();
  return <JobView key={jobId} locationId={useCurrentLocation().id} jobId={jobId} />;
}

/** /wizard?action=assign-devices&assets=425073498:STDQ — targets may come in the router state. */
export function WizardRoute() {
  const location = useCurrentLocation();
  const session = useQuery(sessionQueryOptions());
  const [params] = useSearchParams();
  const { state } = useLocation() as { state?: { targets?: string[] } };
  const action = params.get("action");
  const valid = action && action in ACTIONS ? (action as WizardAction) : undefined;
  const assets = (params.get("assets") ?? "").split(",").filter((k) => /^\d+:(STDQ|PLUS)$/.test(k));
  const targets = state?.targets ?? [];
  const step = !valid
    ? "action"
    : targets.length
      ? "review"
      : ACTIONS[valid].type === "revoke" || assets.length
        ? "targets"
        : "assets";
  if (session.data && session.data.role !== "admin") {
    return (
      <Alert color="blue" title="Only admins start jobs">
        Your account can see every licence but not change them. Ask an admin of this console to assign,
        unassign or revoke.
      </Alert>
    );
  }
  return (
    <Wizard
      key={params.toString()}
      locationId={location.id}
      initial={{ ...(valid ? { action: valid } : {}), assets, targetsText: targets.join("\n"), step }}
    />
  );
}

export function SettingsRoute() {
  const location = useCurrentLocation();
  const session = useQuery(sessionQueryOptions());
  return (
    <Stack gap="lg">
      <SettingsView locationId={location.id} />
      <Box maw={1000}>
        <SyncCard locationId={location.id} canManage={session.data?.role === "admin"} />
      </Box>
      <Box maw={1000}>
        <AlertSettingsCard locationId={location.id} canWrite={session.data?.role === "admin"} />
      </Box>
      <Box maw={1000}>
        <GuardrailsCard canWrite={session.data?.role === "admin"} />
      </Box>
    </Stack>
  );
}
