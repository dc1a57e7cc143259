import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { sessionQueryOptions } from "../../lib/api/session";
import { ListsView } from "../../features/reclaim/components/lists-view";
import { PricesView } from "../../features/reclaim/components/prices-view";
import { ReclaimCentre } from "../../features/reclaim/components/reclaim-centre";
import { ReclaimView } from "../../features/reclaim/components/reclaim-view";
import { RuleForm } from "../../features/reclaim/components/rule-form";
import { RulePreview } from "../../features/reclaim/components/rule-preview";
import { useCurrentLocation } from "./location-layout";

const useAdmin = () => useQuery(sessionQueryOptions()).data?.role === "admin";

export function ReclaimRoute() {
  return <ReclaimCentre locationId={useCurrentLocation().id} canWrite={useAdmin()} />;
}

export function NewRuleRoute() {
  return <RuleForm locationId={useCurrentLocation().id} />;
}

export function RuleRoute() {
  const { ruleId = "" } = useParams();
  return (
    <RulePreview key={ruleId} locationId={useCurrentLocation().id} ruleId={ruleId} canWrite={useAdmin()} />
  );
}

export function ReclaimDetailRoute() {
  const { reclaimId = "" } = useParams();
  return (
    <ReclaimView
      key={reclaimId}
      locationId={useCurrentLocation().id}
      reclaimId={reclaimId}
      canWrite={useAdmin()}
    />
  );
}

export function ListsRoute() {
  return <ListsView locationId={useCurrentLocation().id} canWrite={useAdmin()} />;
}

export function PricesRoute() {
  return <PricesView locationId={useCurrentLocation().id} canWrite={useAdmin()} />;
}
