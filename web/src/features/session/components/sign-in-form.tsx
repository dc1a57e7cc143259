import { Alert, Button, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { sessionQueryOptions, signIn } from "../../../lib/api/session";

/** Why a single sign-on came back here, in words (`?sso=` from the console's callback). */
const SSO_PROBLEMS: Record<string, string> = {
  unreachable: "The identity provider could not be reached. Try again in a moment, or ask IT.",
  expired: "The sign-in took too long or was started in another browser. Start it again.",
  refused: "The identity provider did not sign you in.",
  failed: "The identity provider's answer could not be checked. Start the sign-in again.",
  "no-access":
    "You signed in at the identity provider, but you are in neither of the console's groups. Ask IT to add you to the admins' or the viewers' group.",
  disabled: "Your account here is switched off. Ask an admin to switch it on.",
};

/**
 * Single sign-on when the console has it, and username and password unless switched off; on
 * success the session query is refreshed and `onSignedIn` runs.
 */
export function SignInForm(props: { target: string; ssoProblem: string | null; onSignedIn: () => void }) {
  const { onSignedIn } = props;
  const offered = useQuery(sessionQueryOptions()).data?.signIn ?? { local: true, sso: null };
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
          {props.ssoProblem && (
            <Alert color="red" title="Single sign-on did not sign you in" role="alert">
              {SSO_PROBLEMS[props.ssoProblem] ?? SSO_PROBLEMS.failed}
            </Alert>
          )}
          {offered.sso && (
            <Button component="a" href={`/api/oidc/start?next=${encodeURIComponent(props.target)}`}>
              Sign in with {offered.sso}
            </Button>
          )}
          {offered.sso && offered.local && <Divider label="or with a local account" labelPosition="center" />}
          {mutation.isError && (
            <Alert color="red" title="Could not sign in" role="alert">
              {mutation.error.message}
            </Alert>
          )}
          {offered.local && (
            <>
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
              <Button type="submit" loading={mutation.isPending} variant={offered.sso ? "default" : "filled"}>
                Sign in
              </Button>
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
