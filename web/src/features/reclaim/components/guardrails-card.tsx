import { Alert, Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { guardrailsQueryOptions, reclaimKeys, saveGuardrails, type Guardrails } from "../api/reclaim";

function Form({ initial, canWrite }: { initial: Guardrails; canWrite: boolean }) {
  const qc = useQueryClient();
  const [confirmAbove, setConfirmAbove] = useState<number | string>(initial.confirmAbove);
  const [approvalAbove, setApprovalAbove] = useState<number | string>(initial.approvalAbove);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const save = useMutation({
    mutationFn: () =>
      saveGuardrails({
        confirmAbove: Number(confirmAbove),
        approvalAbove: Number(approvalAbove),
        timeZone: timeZone.trim(),
      }),
    onSuccess: (g) => qc.setQueryData(reclaimKeys.guardrails, g),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <NumberInput
          label="Type the exact count above"
          description="A take-back of more licences needs its count typed."
          min={0}
          value={confirmAbove}
          onChange={setConfirmAbove}
          disabled={!canWrite}
        />
        <NumberInput
          label="Second admin approves above"
          description="A take-back of more licences waits for another admin's approval."
          min={0}
          value={approvalAbove}
          onChange={setApprovalAbove}
          disabled={!canWrite}
        />
        <TextInput
          label="Time zone for scheduled take-backs"
          description="An IANA name, like America/Chicago."
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          disabled={!canWrite}
        />
        {save.isError && (
          <Alert color="red" role="alert" title="Not saved">
            {save.error.message}
          </Alert>
        )}
        {canWrite && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save guardrails
            </Button>
            {save.isSuccess && <Text size="sm">Saved.</Text>}
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Settings: the reclaim guardrails (shared by every location). */
export function GuardrailsCard({ canWrite }: { canWrite: boolean }) {
  const g = useQuery(guardrailsQueryOptions());
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Reclaim guardrails
      </Title>
      {g.data && <Form initial={g.data} canWrite={canWrite} />}
      {g.isError && <Text size="sm">{g.error.message}</Text>}
    </Card>
  );
}
