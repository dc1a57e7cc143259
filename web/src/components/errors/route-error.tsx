import { Alert, Button, Group, Text } from "@mantine/core";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { ApiError } from "../../lib/api-client";

/** A page that failed to render (or to load its code) says so in words; the rest of the app stays. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Unknown error.";
  return (
    <Alert color="red" title="This page could not be shown" role="alert">
      <Text size="sm">{message}</Text>
      {error instanceof ApiError && error.requestId && (
        <Text size="xs" mt={4}>
          Reference {error.requestId}
        </Text>
      )}
      <Group mt="sm">
        <Button size="xs" variant="light" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Group>
    </Alert>
  );
}
