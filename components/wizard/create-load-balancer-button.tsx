"use client";

import { useState } from "react";
import { useCanWrite } from "@/components/auth/can-write";
import { Button } from "@/components/ui/button";
import { CreateLoadBalancerWizard } from "./create-load-balancer-wizard";

/** The panel's "+ Create Load Balancer" action and the wizard it opens; not offered to a reader. */
export function CreateLoadBalancerButton() {
  const [open, setOpen] = useState(false);
  const canWrite = useCanWrite();
  if (!canWrite) return null;
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} aria-haspopup="dialog">
        + Create Load Balancer
      </Button>
      {open && <CreateLoadBalancerWizard onClose={() => setOpen(false)} />}
    </>
  );
}
