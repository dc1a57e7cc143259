import { Center } from "@mantine/core";
import { useNavigate, useSearchParams } from "react-router";
import { SignInForm } from "../../features/session/components/sign-in-form";

export function SignInRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = params.get("from");
  const target = from && from.startsWith("/") && !from.startsWith("//") ? from : "/";
  return (
    <Center mih="100vh" p="md">
      <SignInForm
        target={target}
        ssoProblem={params.get("sso")}
        onSignedIn={() => navigate(target, { replace: true })}
      />
    </Center>
  );
}
