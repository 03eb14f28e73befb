import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc";
import { AppShell } from "@/components/shell/app-shell";
import { ToastProvider } from "@/components/ui/toast";
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
          <ToastProvider>
            <AppShell>{children}</AppShell>
          </ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
