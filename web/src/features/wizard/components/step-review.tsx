import { Alert, Checkbox, List, Loader, Stack, Table, Text } from "@mantine/core";
import { assetKey } from "../../../lib/apple";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "../../../components/errors/query-error";
import { ApiError } from "../../../lib/api-client";
import { formatCount } from "../../../lib/format";
import { planJob, type JobInput } from "../../../lib/api/jobs";
import { TakeBack } from "./take-back";

interface Props {
  locationId: string;
  input: JobInput;
  names: Map<string, string>;
  confirmShort: boolean;
  onConfirmShort: (v: boolean) => void;
  confirmOtherMdm: boolean;
  onConfirmOtherMdm: (v: boolean) => void;
}

/** The plan before anything is sent: requests, licences needed vs available, warnings to confirm. */
export function StepReview({
  locationId,
  input,
  names,
  confirmShort,
  onConfirmShort,
  confirmOtherMdm,
  onConfirmOtherMdm,
}: Props) {
  const plan = useQuery({
    queryKey: ["job-plan", locationId, input, confirmOtherMdm],
    queryFn: () => planJob(locationId, { ...input, confirmOtherMdm }),
    retry: false,
    staleTime: 0,
  });
  if (plan.isPending) return <Loader aria-label="Planning" />;
  if (plan.isError) {
    const other = plan.error instanceof ApiError && plan.error.code === "MANAGED_BY_OTHER";
    // Only Apple's own refusal (it carries Apple's error number) is titled as Apple's.
    const apples = plan.error instanceof ApiError && plan.error.appleErrorNumber !== undefined;
    return (
      <Stack>
        <QueryError
          error={plan.error}
          title={
            other
              ? "Another MDM manages this location"
              : apples
                ? "Apple would refuse this"
                : "The console cannot plan this job"
          }
        />
        {other && (
          <Checkbox
            label="I understand; send the changes anyway"
            checked={confirmOtherMdm}
            onChange={(e) => onConfirmOtherMdm(e.currentTarget.checked)}
          />
        )}
      </Stack>
    );
  }
  const p = plan.data;
  const targets = (input.serialNumbers?.length ?? 0) + (input.clientUserIds?.length ?? 0);
  return (
    <Stack>
      <Text>
        {formatCount(targets)} {input.serialNumbers?.length ? "devices" : "users"} in <b>{p.requests}</b>{" "}
        request{p.requests === 1 ? "" : "s"} to Apple (its limits now:{" "}
        {input.type === "revoke"
          ? `${p.limits.maxRevokeSerialNumbers} serials / ${p.limits.maxRevokeClientUserIds} users per revoke`
          : `${p.limits.maxAssets} apps, ${p.limits.maxSerialNumbers} serials, ${p.limits.maxClientUserIds} users per request`}
        ).
      </Text>
      {p.takeBack !== undefined && <TakeBack takeBack={p.takeBack} names={names} />}
      {p.perAsset.length > 0 && input.type === "associate" && (
        <Table aria-label="Licences needed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>App or book</Table.Th>
              <Table.Th>Needed</Table.Th>
              <Table.Th>Available</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.perAsset.map((a) => (
              <Table.Tr key={assetKey(a)}>
                <Table.Td>
                  {names.get(a.adamId) ?? a.adamId} ({a.pricingParam})
                </Table.Td>
                <Table.Td>{formatCount(a.needed)}</Table.Td>
                <Table.Td
                  c={
                    a.available !== null && a.available < a.needed && input.type === "associate"
                      ? "red"
                      : undefined
                  }
                >
                  {a.available === null ? "Unlimited" : formatCount(a.available)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {p.warnings.length > 0 && (
        <Alert color="orange" title="Not enough licences">
          <List size="sm">
            {p.warnings.map((w) => (
              <List.Item key={w}>
                {w.replace(
                  /^(\d+) \((STDQ|PLUS)\)/,
                  (_, id: string, pr: string) => `${names.get(id) ?? id} (${pr})`,
                )}
              </List.Item>
            ))}
          </List>
          <Checkbox
            mt="sm"
            label="Go ahead; the ones without a licence will fail and can be retried"
            checked={confirmShort}
            onChange={(e) => onConfirmShort(e.currentTarget.checked)}
          />
        </Alert>
      )}
    </Stack>
  );
}
