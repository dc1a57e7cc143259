import { createBrowserRouter } from "react-router";
import { AppLayout } from "../components/layout/app-layout";
import { HomeRoute } from "./routes/home";
import { NotFoundRoute } from "./routes/not-found";

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
]);
