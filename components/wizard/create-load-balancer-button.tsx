"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CreateLoadBalancerWizard } from "./create-load-balancer-wizard";

/** The panel's "+ Create Load Balancer" action and the wizard it opens. */
export function CreateLoadBalancerButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} aria-haspopup="dialog">
        + Create Load Balancer
      </Button>
      {open && <CreateLoadBalancerWizard onClose={() => setOpen(false)} />}
    </>
  );
}
