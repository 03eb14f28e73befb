import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc";
import { AppShell } from "@/components/shell/app-shell";
import { PRODUCT_NAME } from "@/components/shell/top-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: `%s - ${PRODUCT_NAME}`, default: PRODUCT_NAME },
  description: "Self-hosted load balancers, Octavia style",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <AppShell>{children}</AppShell>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
