import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc";
import { ToastProvider } from "@/components/ui/toast";
import { PRODUCT_NAME } from "@/components/shell/top-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: `%s - ${PRODUCT_NAME}`, default: PRODUCT_NAME },
  description: "Self-hosted load balancers, Octavia style",
};

// The document and the providers only: the dashboard's shell belongs to the pages behind login
// (app/project/layout.tsx); the login page stands alone.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <ToastProvider>{children}</ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
