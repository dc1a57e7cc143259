import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useState } from "react";
import { useUploadToken } from "../../../lib/api/location-mutations";
import type { Location } from "../../../lib/api/locations";

const MAX_BYTES = 64 * 1024;

/** Drop a .vpptoken file, pick it, or paste its text; every refusal is shown in plain words. */
export function TokenDropzone({ onAdded }: { onAdded: (location: Location & { renewed: boolean }) => void }) {
  const [pasted, setPasted] = useState("");
  const [localError, setLocalError] = useState<string>();
  const upload = useUploadToken();
  const send = (text: string) =>
    upload.mutate(text, {
      onSuccess: (location) => {
        setPasted("");
        onAdded(location);
      },
    });
  const readFile = async (file: File) => {
    setLocalError(undefined);
    upload.reset();
    if (file.size > MAX_BYTES)
      return setLocalError(`"${file.name}" is larger than 64 KiB, so it is not a content token.`);
    send(await file.text());
  };
  const error = localError ?? (upload.isError ? upload.error.message : undefined);
  return (
    <Stack gap="sm">
      <Dropzone
        onDrop={(files) => files[0] && void readFile(files[0])}
        onReject={(rejections) =>
          setLocalError(rejections[0]?.errors[0]?.message ?? "That file cannot be used.")
        }
        maxFiles={1}
        multiple={false}
        maxSize={MAX_BYTES}
        loading={upload.isPending}
        aria-label="Drop a .vpptoken file here or click to choose one"
        data-testid="token-dropzone"
      >
        <Group justify="center" mih={110} style={{ pointerEvents: "none" }}>
          <div>
            <Text size="lg" fw={600} ta="center">
              Drop your location&apos;s .vpptoken file here
            </Text>
            <Text size="sm" c="dimmed" ta="center">
              or click to choose it. Download it in Apple School Manager or Apple Business Manager under
              Settings → Apps and Books.
            </Text>
          </div>
        </Group>
      </Dropzone>
      <Textarea
        label="…or paste the token text"
        placeholder="The text inside the .vpptoken file"
        autosize
        minRows={2}
        maxRows={4}
        value={pasted}
        onChange={(e) => setPasted(e.currentTarget.value)}
        styles={{ input: { fontFamily: "monospace" } }}
      />
      <Group justify="flex-end">
        <Button
          variant="light"
          disabled={pasted.trim() === ""}
          loading={upload.isPending}
          onClick={() => {
            setLocalError(undefined);
            send(pasted);
          }}
        >
          Add pasted token
        </Button>
      </Group>
      {error && (
        <Alert color="red" title="This token was not accepted" role="alert">
          {error}
          {upload.isError &&
            "appleErrorNumber" in upload.error &&
            upload.error.appleErrorNumber !== undefined && (
              <Text size="xs" mt={4}>
                Apple error {String(upload.error.appleErrorNumber)}
              </Text>
            )}
        </Alert>
      )}
    </Stack>
  );
}
