import { createBrowserRouter } from "react-router";
import { AppLayout } from "../components/layout/app-layout";
import { HomeRoute } from "./routes/home";
import { LocationLayout } from "./routes/location-layout";
import {
  AssetDetailRoute,
  AssetsRoute,
  DeviceRoute,
  OverviewRoute,
  UserRoute,
  UsersRoute,
} from "./routes/location-pages";
import { LocationsRoute } from "./routes/locations";
import { NotFoundRoute } from "./routes/not-found";
import { SignInRoute } from "./routes/sign-in";

export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInRoute /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: "locations", element: <LocationsRoute /> },
      {
        path: "l/:locationId",
        element: <LocationLayout />,
        children: [
          { index: true, element: <OverviewRoute /> },
          { path: "assets", element: <AssetsRoute /> },
          { path: "assets/:adamId/:pricingParam", element: <AssetDetailRoute /> },
          { path: "devices/:serial", element: <DeviceRoute /> },
          { path: "users", element: <UsersRoute /> },
          { path: "users/:clientUserId", element: <UserRoute /> },
        ],
      },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
]);
