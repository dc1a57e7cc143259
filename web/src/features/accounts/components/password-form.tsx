import { Alert, Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { changeOwnPassword } from "../api/accounts";

/** Everyone: a new password, with the current one; other sessions of the account end. */
export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = useMutation({
    mutationFn: () => changeOwnPassword({ currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setRepeat("");
    },
  });
  const mismatch = repeat.length > 0 && repeat !== next;
  return (
    <Stack maw={420}>
      <Title order={1}>Change my password</Title>
      <Text c="dimmed" size="sm">
        At least 12 characters. You stay signed in here; everywhere else you are signed out.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
      >
        <Stack gap="sm">
          <PasswordInput
            label="Current password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            required
          />
          <PasswordInput
            label="New password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={next.length > 0 && next.length < 12 ? "At least 12 characters" : undefined}
            required
          />
          <PasswordInput
            label="New password again"
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={mismatch ? "The two new passwords differ" : undefined}
            required
          />
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!current || next.length < 12 || next !== repeat}
          >
            Change my password
          </Button>
          {change.isError && (
            <Alert color="red" title="The password did not change" role="alert">
              {change.error.message}
            </Alert>
          )}
          {change.isSuccess && (
            <Alert color="teal" role="status">
              Your password is changed.
            </Alert>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
