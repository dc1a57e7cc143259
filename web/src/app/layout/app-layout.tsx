import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Center,
  Group,
  Loader,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Link, Navigate, Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { SESSION_EXPIRED_EVENT } from "../../lib/api-client";
import { sessionQueryOptions } from "../../lib/api/session";
import { useFocusOnNavigate } from "../../hooks/use-focus-on-navigate";

// The header's pickers (Combobox, Menu and their positioning) load right after the first paint.
const LocationSwitcher = lazy(() =>
  import("./location-switcher").then((m) => ({ default: m.LocationSwitcher })),
);
const GlobalSearch = lazy(() => import("./global-search").then((m) => ({ default: m.GlobalSearch })));
const AlertBell = lazy(() =>
  import("../../features/alerts/components/alert-bell").then((m) => ({ default: m.AlertBell })),
);
const AccountMenu = lazy(() => import("./account-menu").then((m) => ({ default: m.AccountMenu })));

/** Signed-in shell: header (location, search, theme, account), navigation, the routed page. */
export function AppLayout() {
  const session = useQuery(sessionQueryOptions());
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const [opened, { toggle }] = useDisclosure();
  const match = useMatch("/l/:locationId/*");
  const locationId = match?.params.locationId;
  const from = location.pathname + location.search;
  useFocusOnNavigate();

  useEffect(() => {
    const expired = () => {
      queryClient.clear();
      navigate(`/sign-in?from=${encodeURIComponent(from)}`, { replace: true });
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [navigate, queryClient, from]);

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (session.isError || !session.data.signedIn)
    return <Navigate to={`/sign-in?from=${encodeURIComponent(from)}`} replace />;

  const base = locationId ? `/l/${locationId}` : undefined;
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to="/" aria-label="vpp-console home">
              <Group gap={6} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={24} height={24} />
                <Text fw={700} visibleFrom="xs">
                  vpp-console
                </Text>
              </Group>
            </UnstyledButton>
            {/* On narrow screens (a phone, 200 % zoom) these move into the navigation drawer. */}
            <Box visibleFrom="md">
              <Suspense fallback={<Box w={280} aria-hidden />}>
                <LocationSwitcher currentId={locationId} />
              </Suspense>
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {locationId && (
              <Box visibleFrom="md">
                <Suspense fallback={<Box w={320} aria-hidden />}>
                  <GlobalSearch locationId={locationId} />
                </Suspense>
              </Box>
            )}
            <Suspense fallback={<Box w={34} aria-hidden />}>
              <AlertBell />
            </Suspense>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={toggleColorScheme}
              aria-label={colorScheme === "dark" ? "Use light theme" : "Use dark theme"}
            >
              {colorScheme === "dark" ? "☀" : "☾"}
            </ActionIcon>
            <Suspense fallback={<Box w={64} aria-hidden />}>
              <AccountMenu username={session.data.username ?? ""} role={session.data.role ?? "viewer"} />
            </Suspense>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <Stack gap="xs" mb="sm" hiddenFrom="md">
          <Suspense fallback={null}>
            <LocationSwitcher currentId={locationId} />
          </Suspense>
          {locationId && (
            <Suspense fallback={null}>
              <GlobalSearch locationId={locationId} />
            </Suspense>
          )}
        </Stack>
        {base && (
          <>
            <NavLink component={Link} to={base} label="Overview" active={location.pathname === base} />
            <NavLink
              component={Link}
              to={`${base}/assets`}
              label="Apps and books"
              active={location.pathname.startsWith(`${base}/assets`)}
            />
            <NavLink
              component={Link}
              to={`${base}/users`}
              label="Users"
              active={location.pathname.startsWith(`${base}/users`)}
            />
            <NavLink
              component={Link}
              to={`${base}/jobs`}
              label="Jobs"
              active={
                location.pathname.startsWith(`${base}/jobs`) || location.pathname.startsWith(`${base}/wizard`)
              }
            />
            <NavLink
              component={Link}
              to={`${base}/reclaim`}
              label="Reclaim"
              active={location.pathname.startsWith(`${base}/reclaim`)}
            />
            <NavLink
              component={Link}
              to={`${base}/settings`}
              label="Settings"
              active={location.pathname.startsWith(`${base}/settings`)}
            />
          </>
        )}
        <NavLink component={Link} to="/all" label="All locations" active={location.pathname === "/all"} />
        <NavLink
          component={Link}
          to="/locations"
          label="Locations"
          active={location.pathname === "/locations"}
        />
        <NavLink component={Link} to="/alerts" label="Alerts" active={location.pathname === "/alerts"} />
        {session.data.role === "admin" && (
          <>
            <NavLink
              component={Link}
              to="/accounts"
              label="Accounts"
              active={location.pathname === "/accounts"}
            />
            <NavLink
              component={Link}
              to="/api-tokens"
              label="API tokens"
              active={location.pathname === "/api-tokens"}
            />
          </>
        )}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
