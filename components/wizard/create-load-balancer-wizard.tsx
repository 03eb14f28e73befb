"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, messageOf } from "@/components/ui/trpc-errors";
import { buildGraph } from "./build-graph";
import { DetailsStep } from "./details-step";
import { ListenerStep } from "./listener-step";
import { MembersStep } from "./members-step";
import { MonitorStep } from "./monitor-step";
import { PoolStep } from "./pool-step";
import type { StepProps } from "./step-props";
import { StepList } from "./step-list";
import { STEPS, type StepId } from "./steps";
import { firstStepWithErrors, useWizard } from "./use-wizard";
import { mapServerFieldErrors, TOP } from "./validate";

const STEP_VIEWS: Record<StepId, (props: StepProps) => ReactNode> = {
  details: DetailsStep,
  listener: ListenerStep,
  pool: PoolStep,
  members: MembersStep,
  monitor: MonitorStep,
};

/** Where to put the focus after the step changes: its first field, or its first invalid one. */
type FocusRequest = { target: "first" | "invalid"; seq: number };

/**
 * Horizon's "Create Load Balancer" workflow as one modal: the step list on the side, one step
 * shown at a time, and one graph-create call on Create. Mounted only while open, so every
 * opening starts from a clean form; nothing typed is lost on an error.
 */
export function CreateLoadBalancerWizard({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const wizard = useWizard();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest>({ target: "first", seq: 0 });
  const panelRef = useRef<HTMLDivElement>(null);
  /** Set on the click that sends, before isPending re-renders: a double click sends once. */
  const sending = useRef(false);
  const create = useMutation(trpc.loadBalancer.create.mutationOptions());

  const index = STEPS.findIndex((s) => s.id === wizard.step);
  const step = STEPS[index] ?? STEPS[0];
  const StepView = STEP_VIEWS[step.id];

  useEffect(() => {
    const panel = panelRef.current;
    if (!panel) return;
    const selector = focus.target === "invalid" ? '[aria-invalid="true"]' : "input:not([disabled]), select:not([disabled]), button:not([disabled])";
    const target = panel.querySelector<HTMLElement>(selector) ?? panel.querySelector<HTMLElement>("h3");
    target?.focus();
  }, [focus, wizard.step]);

  const goTo = (id: StepId, target: FocusRequest["target"] = "first") => {
    wizard.goTo(id);
    setFocus((f) => ({ target, seq: f.seq + 1 }));
  };

  const close = () => {
    if (!create.isPending) onClose();
  };

  const submit = () => {
    if (sending.current) return;
    setSubmitError(null);
    const errors = wizard.clientErrors;
    if (Object.keys(errors).length > 0) {
      wizard.revealAll();
      goTo(firstStepWithErrors(errors) ?? wizard.step, "invalid");
      return;
    }
    const submitted = wizard.form;
    sending.current = true;
    create.mutate(buildGraph(submitted), {
      onSettled: () => {
        sending.current = false;
      },
      onSuccess: (lb) => {
        void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
        toast.success(`Created load balancer ${lb.name || lb.id}`);
        onClose();
      },
      onError: (err) => {
        const mapped = mapServerFieldErrors(fieldErrorsOf(err), submitted);
        const { [TOP]: general, ...byField } = mapped;
        wizard.setServerErrors(mapped);
        // The top says that nothing was created and why; the fields say where.
        setSubmitError(
          general?.length || Object.keys(byField).length === 0 ? messageOf(err) : `${messageOf(err)} (see the marked fields)`,
        );
        const stepWithError = firstStepWithErrors(byField);
        if (stepWithError) goTo(stepWithError, "invalid");
      },
    });
  };

  const topErrors = wizard.topErrors.filter((e) => e !== submitError);
  const last = index === STEPS.length - 1;
  return (
    <Modal
      title="Create Load Balancer"
      open
      size="xl"
      onClose={close}
      footer={
        <>
          <Button onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button onClick={() => goTo(STEPS[index - 1]?.id ?? step.id)} disabled={index === 0}>
            « Back
          </Button>
          <Button onClick={() => goTo(STEPS[index + 1]?.id ?? step.id)} disabled={last}>
            Next »
          </Button>
          <Button variant="primary" pending={create.isPending} onClick={submit}>
            Create Load Balancer
          </Button>
        </>
      }
    >
      <div className="-mx-4 -my-3 flex min-h-[28rem]">
        <StepList current={step.id} withErrors={wizard.stepsWithErrors} onSelect={(id) => goTo(id)} />
        <div ref={panelRef} className="min-w-0 flex-1 space-y-3 px-4 py-3">
          {(submitError || topErrors.length > 0) && (
            <div role="alert" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
              {submitError && (
                <p>
                  <strong>Error:</strong> Unable to create load balancer: {submitError}
                </p>
              )}
              {topErrors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          )}
          <h3 tabIndex={-1} className="text-sm font-semibold text-neutral-900 outline-none">
            {step.title}
          </h3>
          <fieldset disabled={create.isPending} className="min-w-0">
            <StepView form={wizard.form} edit={wizard.edit} errorOf={wizard.errorOf} />
          </fieldset>
        </div>
      </div>
    </Modal>
  );
}
