import { Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { AccountsView } from "../../features/accounts/components/accounts-view";
import { PasswordForm } from "../../features/accounts/components/password-form";
import { sessionQueryOptions } from "../../lib/api/session";

export function AccountsRoute() {
  const session = useQuery(sessionQueryOptions());
  if (session.data?.role !== "admin") return <Text>Only admins manage accounts.</Text>;
  return <AccountsView me={session.data.username ?? ""} />;
}

export function PasswordRoute() {
  return <PasswordForm />;
}
