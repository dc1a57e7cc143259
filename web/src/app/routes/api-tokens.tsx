import { Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ApiTokensView } from "../../features/api-tokens/components/api-tokens-view";
import { sessionQueryOptions } from "../../lib/api/session";

export function ApiTokensRoute() {
  const session = useQuery(sessionQueryOptions());
  if (session.data?.role !== "admin") return <Text>Only admins manage API tokens.</Text>;
  return <ApiTokensView />;
}
