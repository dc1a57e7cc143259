import { Alert, Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useDropzone } from "react-dropzone";
import { useUploadToken } from "../../../lib/api/location-mutations";
import type { Location } from "../../../lib/api/locations";
import { formatDate } from "../../../lib/format";

const MAX_BYTES = 64 * 1024;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;

/** Drop a .vpptoken file, pick it, or paste its text; every refusal is shown in plain words. */
export function TokenDropzone({ onAdded }: { onAdded: (location: Location & { renewed: boolean }) => void }) {
  const [pasted, setPasted] = useState("");
  const [localError, setLocalError] = useState<string>();
  /** The file being sent ("" for pasted text), so a refusal or a renewal can name it. */
  const [source, setSource] = useState("");
  const [renewed, setRenewed] = useState<string>();
  const upload = useUploadToken();
  const send = (text: string, from: string) => {
    setSource(from);
    setRenewed(undefined);
    upload.mutate(text, {
      onSuccess: (location) => {
        setPasted("");
        if (location.renewed)
          setRenewed(`${location.locationName}: token renewed until ${formatDate(location.expDate)}.`);
        onAdded(location);
      },
    });
  };
  const tooLarge = (file: File) =>
    `"${file.name}" is ${kb(file.size)}; a content token is at most 64 KB, so this is not one.`;
  const readFile = async (file: File) => {
    setLocalError(undefined);
    upload.reset();
    if (file.size > MAX_BYTES) return setLocalError(tooLarge(file));
    send(await file.text(), file.name);
  };
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDropAccepted: (files) => files[0] && void readFile(files[0]),
    onDropRejected: (rejections) => {
      const r = rejections[0];
      setRenewed(undefined);
      setLocalError(
        !r
          ? "That file cannot be used."
          : r.errors[0]?.code === "file-too-large"
            ? tooLarge(r.file)
            : `"${r.file.name}": ${r.errors[0]?.message ?? "this file cannot be used"}.`,
      );
    },
    maxFiles: 1,
    multiple: false,
    maxSize: MAX_BYTES,
    disabled: upload.isPending,
    // The button opens the picker (a real button for keyboards and screen readers), not the area.
    noClick: true,
    noKeyboard: true,
    // The browser's own file input (not the File System Access picker), the same everywhere.
    useFsAccessApi: false,
  });
  const error = localError ?? (upload.isError ? upload.error.message : undefined);
  return (
    <Stack gap="sm">
      <Paper
        {...getRootProps()}
        data-testid="token-dropzone"
        className="token-dropzone"
        data-active={isDragActive || undefined}
        withBorder
        p="md"
      >
        <input {...getInputProps({ "aria-label": "The .vpptoken file" })} />
        <Stack align="center" justify="center" mih={110} gap="xs">
          <Text size="lg" fw={600} ta="center">
            Drop your location&apos;s .vpptoken file here
          </Text>
          <Button variant="default" onClick={open} loading={upload.isPending}>
            Choose the .vpptoken file
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Download it in Apple School Manager or Apple Business Manager under Settings → Apps and Books.
          </Text>
        </Stack>
      </Paper>
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
            send(pasted, "");
          }}
        >
          Add pasted token
        </Button>
      </Group>
      {error && (
        <Alert
          color="red"
          title={source && !localError ? `"${source}" was not accepted` : "This token was not accepted"}
          role="alert"
        >
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
      {renewed && !error && (
        <Alert color="teal" title="Renewed" role="status">
          {renewed}
        </Alert>
      )}
    </Stack>
  );
}
