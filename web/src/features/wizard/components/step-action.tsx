import { Radio, SimpleGrid, Text } from "@mantine/core";
import { ACTIONS, type WizardAction } from "../get-steps";

export function StepAction({
  value,
  onChange,
}: {
  value: WizardAction | undefined;
  onChange: (a: WizardAction) => void;
}) {
  return (
    <Radio.Group
      value={value ?? null}
      onChange={(v) => onChange(v as WizardAction)}
      label="What should happen?"
      aria-label="Action"
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
        {(Object.entries(ACTIONS) as [WizardAction, (typeof ACTIONS)[WizardAction]][]).map(([id, a]) => (
          <Radio.Card key={id} value={id} p="md" radius="md" aria-label={a.label}>
            <Text fw={600}>{a.label}</Text>
            <Text size="sm" c="dimmed">
              {a.help}
            </Text>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
