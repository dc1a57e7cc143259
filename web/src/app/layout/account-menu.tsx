import { Alert, Menu, Modal, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { signOut, signOutEverywhere } from "../../lib/api/session";

/** Who is signed in, and signing out. */
export function AccountMenu({ username, role }: { username: string; role: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string>();
  const leave = () => {
    queryClient.clear();
    navigate("/sign-in", { replace: true });
  };
  return (
    <>
      <Modal
        opened={failed !== undefined}
        onClose={() => setFailed(undefined)}
        title="Not signed out everywhere"
      >
        <Alert color="red" role="alert">
          {failed} Your other sessions may still be open; try again, or ask an admin to sign you out on
          Accounts.
        </Alert>
      </Modal>
      <Menu position="bottom-end">
        <Menu.Target>
          <UnstyledButton>
            <VisuallyHidden>Account menu: </VisuallyHidden>
            <Text size="sm" fw={600}>
              {username}
            </Text>
            <Text size="xs" c="dimmed">
              {role}
            </Text>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate("/account/password")}>Change my password</Menu.Item>
          {role === "admin" && <Menu.Item onClick={() => navigate("/accounts")}>Accounts</Menu.Item>}
          {/* This browser signs out whatever the answer (its cookie is dropped with the session). */}
          <Menu.Item
            onClick={() =>
              void signOut()
                .catch(() => undefined)
                .then(leave)
            }
          >
            Sign out
          </Menu.Item>
          {/* The other sessions end only if the console says so: a refusal is shown, not hidden. */}
          <Menu.Item
            onClick={() =>
              void signOutEverywhere().then(leave, (e: unknown) =>
                setFailed(e instanceof Error ? e.message : "The console did not answer."),
              )
            }
          >
            Sign out everywhere
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
