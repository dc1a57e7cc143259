import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { RouteError } from "../components/errors/route-error";
import { queryClient } from "../lib/query-client";
import { PAGE_DATA, prefetch } from "./prefetch";
import { AppLayout } from "./layout/app-layout";
import { HomeRoute } from "./routes/home";
import { LocationLayout } from "./routes/location-layout";
import { NotFoundRoute } from "./routes/not-found";
import { SignInRoute } from "./routes/sign-in";

/**
 * Route modules load on first visit, keeping the initial JavaScript small; each route has its own
 * error boundary, so a page that fails shows why while the shell and navigation stay usable.
 */
const page =
  <M extends Record<string, ComponentType>>(load: () => Promise<M>, name: keyof M & string) =>
  async () => ({ Component: (await load())[name], ErrorBoundary: RouteError });

export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInRoute />, errorElement: <RouteError /> },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: "locations", lazy: page(() => import("./routes/locations"), "LocationsRoute") },
      { path: "all", lazy: page(() => import("./routes/all-locations"), "AllLocationsRoute") },
      { path: "accounts", lazy: page(() => import("./routes/accounts"), "AccountsRoute") },
      { path: "alerts", lazy: page(() => import("./routes/alerts"), "AlertsRoute") },
      { path: "api-tokens", lazy: page(() => import("./routes/api-tokens"), "ApiTokensRoute") },
      { path: "account/password", lazy: page(() => import("./routes/accounts"), "PasswordRoute") },
      {
        path: "l/:locationId",
        element: <LocationLayout />,
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            loader: prefetch(queryClient, PAGE_DATA.assets),
            lazy: page(() => import("./routes/location-pages"), "OverviewRoute"),
          },
          {
            path: "assets",
            loader: prefetch(queryClient, PAGE_DATA.assets),
            lazy: page(() => import("./routes/location-pages"), "AssetsRoute"),
          },
          {
            path: "assets/:adamId/:pricingParam",
            loader: prefetch(queryClient, PAGE_DATA.asset),
            lazy: page(() => import("./routes/location-pages"), "AssetDetailRoute"),
          },
          {
            path: "devices/:serial",
            loader: prefetch(queryClient, PAGE_DATA.device),
            lazy: page(() => import("./routes/location-pages"), "DeviceRoute"),
          },
          {
            path: "users",
            loader: prefetch(queryClient, PAGE_DATA.users),
            lazy: page(() => import("./routes/location-pages"), "UsersRoute"),
          },
          {
            path: "people/import",
            lazy: page(() => import("./routes/location-pages"), "PeopleImportRoute"),
          },
          {
            path: "people/retire",
            lazy: page(() => import("./routes/location-pages"), "PeopleRetireRoute"),
          },
          {
            path: "users/:clientUserId",
            loader: prefetch(queryClient, PAGE_DATA.user),
            lazy: page(() => import("./routes/location-pages"), "UserRoute"),
          },
          { path: "wizard", lazy: page(() => import("./routes/job-pages"), "WizardRoute") },
          {
            path: "jobs",
            loader: prefetch(queryClient, PAGE_DATA.jobs),
            lazy: page(() => import("./routes/job-pages"), "JobsRoute"),
          },
          { path: "jobs/:jobId", lazy: page(() => import("./routes/job-pages"), "JobRoute") },
          { path: "settings", lazy: page(() => import("./routes/job-pages"), "SettingsRoute") },
          { path: "reclaim", lazy: page(() => import("./routes/reclaim-pages"), "ReclaimRoute") },
          { path: "reclaim/new", lazy: page(() => import("./routes/reclaim-pages"), "NewRuleRoute") },
          { path: "reclaim/rules/:ruleId", lazy: page(() => import("./routes/reclaim-pages"), "RuleRoute") },
          {
            path: "reclaim/r/:reclaimId",
            lazy: page(() => import("./routes/reclaim-pages"), "ReclaimDetailRoute"),
          },
          { path: "reclaim/lists", lazy: page(() => import("./routes/reclaim-pages"), "ListsRoute") },
          { path: "reclaim/prices", lazy: page(() => import("./routes/reclaim-pages"), "PricesRoute") },
        ],
      },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
]);
