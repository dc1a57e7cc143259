import {
  columnVisibilityFeature,
  createSortedRowModel,
  createTableHook,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
} from "@tanstack/react-table";

/** The features every console table shares: client sorting and column visibility. */
export const tableKit = createTableHook({
  features: tableFeatures({
    rowSortingFeature,
    columnVisibilityFeature,
    sortedRowModel: createSortedRowModel(),
    sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  }),
});

export const { createAppColumnHelper, useAppTable } = tableKit;
