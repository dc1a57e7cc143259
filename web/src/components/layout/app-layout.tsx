import { ActionIcon, AppShell, Group, Text, useMantineColorScheme } from "@mantine/core";
import { Outlet } from "react-router";

/** The page shell: header with product name and theme switch, then the routed page. */
export function AppLayout() {
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="xs">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <Text fw={700}>vpp-console</Text>
          </Group>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={toggleColorScheme}
            aria-label={colorScheme === "dark" ? "Use light theme" : "Use dark theme"}
          >
            {colorScheme === "dark" ? "☀" : "☾"}
          </ActionIcon>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
