import { Button, Group, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { emailProblem } from "@vpp/proxy/contract";
import { useState } from "react";
import { useNavigate } from "react-router";
import { submitJob } from "../../../lib/api/jobs";

/** A new e-mail or managed Apple ID for one person, sent to Apple as an update job. */
export function UpdateContact({ locationId, clientUserId }: { locationId: string; clientUserId: string }) {
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [managedAppleId, setManagedAppleId] = useState("");
  const problem = email.trim() ? emailProblem(email.trim()) : undefined;
  const update = useMutation({
    mutationFn: () =>
      submitJob(locationId, {
        type: "update-users",
        users: [
          {
            clientUserId,
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(managedAppleId.trim() ? { managedAppleId: managedAppleId.trim() } : {}),
          },
        ],
      }),
    onSuccess: (job) => navigate(`/l/${locationId}/jobs/${job.id}`),
  });
  return (
    <Group align="flex-start" gap="xs">
      <TextInput
        label="New e-mail"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={problem ? `This e-mail ${problem}.` : update.isError ? update.error.message : undefined}
        w={260}
      />
      <TextInput
        label="Managed Apple ID"
        description="Links their Apple Account now"
        value={managedAppleId}
        onChange={(e) => setManagedAppleId(e.currentTarget.value)}
        w={260}
      />
      <Button
        mt={24}
        variant="default"
        disabled={(!email.trim() && !managedAppleId.trim()) || problem !== undefined}
        loading={update.isPending}
        onClick={() => update.mutate()}
      >
        Send the update to Apple
      </Button>
    </Group>
  );
}
