import { Alert, Button, Card, NumberInput, Radio, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { formatCount } from "../../../lib/format";
import { createReclaim, reclaimKeys, type ReclaimPreview } from "../api/reclaim";

/**
 * Take back what the preview shows: now or at a time in the reclaim time zone, with how much the
 * data may move by then; the exact count typed above the confirmation threshold.
 */
export function TakeBackForm({ locationId, preview }: { locationId: string; preview: ReclaimPreview }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const g = preview.guardrails;
  const [when, setWhen] = useState<"now" | "later">("now");
  const [runAt, setRunAt] = useState("");
  const [tolerance, setTolerance] = useState<number | string>(0);
  const [typed, setTyped] = useState("");
  const mustType = preview.count > g.confirmAbove;
  const needsApproval = preview.count > g.approvalAbove;
  const make = useMutation({
    mutationFn: () =>
      createReclaim(locationId, preview.rule.id, {
        hash: preview.hash,
        count: preview.count,
        tolerance: Number(tolerance) || 0,
        ...(mustType ? { confirmCount: Number(typed.replace(/[,\s]/g, "")) } : {}),
        ...(when === "later" && runAt ? { runAt } : {}),
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: reclaimKeys.reclaims(locationId) });
      navigate(`/l/${locationId}/reclaim/r/${r.id}`);
    },
  });
  const what = preview.action === "revoke" ? "Revoke" : "Unassign";
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          make.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h3">
            Take back {formatCount(preview.count)} licences
          </Title>
          <Text size="sm">
            The selection is frozen now: if the copy changes by more than you allow below before the job
            starts, the job is refused and nothing is sent to Apple.
          </Text>
          <Radio.Group label="When" value={when} onChange={(v) => setWhen(v as "now" | "later")}>
            <Stack gap={4} mt={4}>
              <Radio value="now" label={needsApproval ? "As soon as a second admin approves" : "Now"} />
              <Radio value="later" label={`At a time (${g.timeZone})`} />
            </Stack>
          </Radio.Group>
          {when === "later" && (
            <TextInput
              type="datetime-local"
              label={`Date and time in ${g.timeZone}`}
              value={runAt}
              onChange={(e) => setRunAt(e.currentTarget.value)}
              required
            />
          )}
          <NumberInput
            label="Go ahead if the data moved by at most this many licences"
            description="0: any change refuses the job."
            min={0}
            max={preview.count}
            value={tolerance}
            onChange={setTolerance}
          />
          {mustType && (
            <TextInput
              label={`Type ${preview.count} to confirm`}
              description={`Above ${formatCount(g.confirmAbove)} licences the exact count must be typed.`}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              inputMode="numeric"
              autoComplete="off"
              required
            />
          )}
          {needsApproval && (
            <Alert color="orange" title="A second admin must approve">
              Above {formatCount(g.approvalAbove)} licences another admin approves the take-back before it
              runs.
            </Alert>
          )}
          {make.isError && (
            <Alert color="red" title="Nothing was taken back" role="alert">
              {make.error.message}
            </Alert>
          )}
          <Button
            type="submit"
            color="red"
            loading={make.isPending}
            disabled={mustType && Number(typed.replace(/[,\s]/g, "")) !== preview.count}
          >
            {needsApproval ? "Ask for approval" : when === "later" ? "Schedule" : `${what} now`}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
