import { Button, Group, Paper, Stack, Stepper, Title } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import { focusQuietly } from "../../../hooks/use-focus-on-navigate";
import type { JobInput } from "../../../lib/api/jobs";
import { useSubmitJob } from "../../../lib/api/job-mutations";
import { ACTIONS, getSteps, type WizardAction } from "../get-steps";
import { useWizard, type WizardState } from "../hooks/use-wizard";
import { parseTargets } from "../utils/targets";
import { refusal, StepAssets } from "./step-assets";
import { StepAction } from "./step-action";
import { StepReview } from "./step-review";
import { StepTargets } from "./step-targets";

/** Assign / unassign / revoke: action → apps and books → targets → review, then the job's live page. */
export function Wizard({ locationId, initial }: { locationId: string; initial: Partial<WizardState> }) {
  const [state, dispatch] = useWizard(initial);
  const navigate = useNavigate();
  const { rows } = useAssetRows(locationId);
  const names = useMemo(() => new Map(rows.map((r) => [r.adamId, r.name])), [rows]);
  const [confirmShort, setConfirmShort] = useState(false);
  const [confirmOtherMdm, setConfirmOtherMdm] = useState(false);
  const steps = getSteps(state.action);
  const active = steps.findIndex((s) => s.id === state.step);
  // A new step takes the focus (not on the first render), so keyboard and screen-reader users
  // land on it instead of on a Next button that has moved.
  const stepBox = useRef<HTMLDivElement>(null);
  const shownStep = useRef(state.step);
  useEffect(() => {
    if (shownStep.current === state.step) return;
    shownStep.current = state.step;
    if (stepBox.current) focusQuietly(stepBox.current);
  }, [state.step]);
  const action = state.action ? ACTIONS[state.action] : undefined;
  const parsed = useMemo(
    () => (action ? parseTargets(state.targetsText, action.kind) : undefined),
    [state.targetsText, action],
  );
  const validAssets = state.action
    ? state.assets.filter((k) => rows.some((r) => r.key === k && !refusal(r, state.action as WizardAction)))
    : [];

  const input: JobInput | undefined =
    action && parsed
      ? {
          type: action.type,
          ...(action.type !== "revoke"
            ? {
                assets: validAssets.map((k) => ({
                  adamId: k.split(":")[0] as string,
                  pricingParam: k.split(":")[1] as "STDQ" | "PLUS",
                })),
              }
            : {}),
          [action.kind]: parsed.targets,
        }
      : undefined;

  const submit = useSubmitJob(locationId);
  const start = () =>
    submit.mutate(
      { ...(input as JobInput), force: confirmShort, confirmOtherMdm },
      { onSuccess: (job) => navigate(`/l/${locationId}/jobs/${job.id}`) },
    );

  const canNext =
    state.step === "action"
      ? !!state.action
      : state.step === "assets"
        ? validAssets.length > 0
        : state.step === "targets"
          ? (parsed?.targets.length ?? 0) > 0
          : false;

  return (
    <Stack gap="lg">
      <Title order={1}>{action ? action.label : "Assign, unassign or revoke"}</Title>
      <Stepper
        active={active}
        onStepClick={(i) => i < active && dispatch({ type: "go", step: steps[i]?.id ?? "action" })}
        size="sm"
      >
        {steps.map((s) => (
          <Stepper.Step key={s.id} label={s.label} />
        ))}
      </Stepper>
      <Paper
        withBorder
        p="lg"
        ref={stepBox}
        role="group"
        aria-label={`Step ${active + 1} of ${steps.length}: ${steps[active]?.label ?? ""}`}
      >
        {state.step === "action" && (
          <StepAction value={state.action} onChange={(a) => dispatch({ type: "action", action: a })} />
        )}
        {state.step === "assets" && state.action && (
          <StepAssets
            rows={rows}
            action={state.action}
            value={state.assets}
            onChange={(a) => dispatch({ type: "assets", assets: a })}
          />
        )}
        {state.step === "targets" && action && (
          <StepTargets
            locationId={locationId}
            kind={action.kind}
            text={state.targetsText}
            onChange={(t) => dispatch({ type: "targets", text: t })}
          />
        )}
        {state.step === "review" && input && (
          <StepReview
            locationId={locationId}
            input={input}
            names={names}
            confirmShort={confirmShort}
            onConfirmShort={setConfirmShort}
            confirmOtherMdm={confirmOtherMdm}
            onConfirmOtherMdm={setConfirmOtherMdm}
          />
        )}
      </Paper>
      {submit.isError && <QueryError error={submit.error} title="The job was not started" />}
      <Group justify="space-between">
        <Button variant="default" onClick={() => dispatch({ type: "back" })} disabled={active === 0}>
          Back
        </Button>
        {state.step === "review" ? (
          <Button onClick={start} loading={submit.isPending}>
            Start the job
          </Button>
        ) : (
          <Button onClick={() => dispatch({ type: "next" })} disabled={!canNext}>
            Next
          </Button>
        )}
      </Group>
    </Stack>
  );
}
