import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A secret the console shows this once (a token, a signing secret, a password): the value and a copy button. */
export function ShownOnce(props: {
  title: string;
  /** What the value is, for screen readers: "The new token". */
  label: string;
  value: string;
  copyLabel: string;
  children?: ReactNode;
}) {
  return (
    <Alert color="teal" title={props.title} role="status">
      <Stack gap="xs">
        {props.children && <Text size="sm">{props.children}</Text>}
        <Group gap="xs" wrap="nowrap">
          <Code fz="sm" style={{ wordBreak: "break-all" }} aria-label={props.label}>
            {props.value}
          </Code>
          <CopyButton value={props.value}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? "Copied" : props.copyLabel}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
