import { BarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import type { AssetRow } from "../../assets/utils/asset-row";

/** Assigned vs available for the 15 most-used limited apps and books (loaded lazily: recharts). */
export default function UtilisationChart({ rows }: { rows: AssetRow[] }) {
  const data = rows.map((a) => ({
    name: a.name.length > 28 ? `${a.name.slice(0, 27)}…` : a.name,
    Assigned: a.assignedCount,
    Available: a.availableCount,
  }));
  return (
    <BarChart
      h={Math.max(220, rows.length * 30)}
      data={data}
      dataKey="name"
      orientation="vertical"
      type="stacked"
      yAxisProps={{ width: 190 }}
      series={[
        { name: "Assigned", color: "blue.6" },
        { name: "Available", color: "gray.4" },
      ]}
      withLegend
      aria-label="Licence utilisation of the 15 most-used apps and books"
    />
  );
}
