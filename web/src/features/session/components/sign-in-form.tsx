import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { sessionQueryOptions, signIn } from "../../../lib/api/session";

/** Username and password; on success the session query is refreshed and `onSignedIn` runs. */
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const mutation = useMutation({
    mutationFn: () => signIn(username, password),
    onSuccess: async () => {
      // Read the session now: a cached "signed out" answer must not send the shell back here.
      await queryClient.fetchQuery({ ...sessionQueryOptions(), staleTime: 0 });
      onSignedIn();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
      <form onSubmit={submit} aria-label="Sign in">
        <Stack>
          <div>
            <Title order={1} size="h2">
              Sign in
            </Title>
            <Text c="dimmed" size="sm">
              vpp-console — Apps and Books licences
            </Text>
          </div>
          {mutation.isError && (
            <Alert color="red" title="Could not sign in" role="alert">
              {mutation.error.message}
            </Alert>
          )}
          <TextInput
            label="Username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={mutation.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
