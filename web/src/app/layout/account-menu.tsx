import { Menu, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { signOut, signOutEverywhere } from "../../lib/api/session";

/** Who is signed in, and signing out. */
export function AccountMenu({ username, role }: { username: string; role: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const leave = async (end: () => Promise<unknown>) => {
    await end().catch(() => undefined);
    queryClient.clear();
    navigate("/sign-in", { replace: true });
  };
  return (
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
        <Menu.Item onClick={() => void leave(signOut)}>Sign out</Menu.Item>
        <Menu.Item onClick={() => void leave(signOutEverywhere)}>Sign out everywhere</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
