"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf, isConflict, messageOf } from "@/components/ui/trpc-errors";
import { buildGraph, buildListenerGraph } from "./build-graph";
import { DetailsStep } from "./details-step";
import { ListenerStep } from "./listener-step";
import { MembersStep } from "./members-step";
import { MonitorStep } from "./monitor-step";
import { PoolStep } from "./pool-step";
import type { StepProps } from "./step-props";
import { LOAD_BALANCER_MODE, type WizardMode, type WizardState } from "./state";
import { StepList } from "./step-list";
import type { StepId } from "./steps";
import { useLeaveGuard } from "./use-leave-guard";
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
 * opening starts from a clean form; nothing typed is lost on an error. In listener mode it is
 * "Create Listener" on an existing load balancer: steps 2–5 and one `listener.create` call.
 */
export function CreateLoadBalancerWizard({ onClose, mode = LOAD_BALANCER_MODE }: { onClose: () => void; mode?: WizardMode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const wizard = useWizard(mode);
  const steps = wizard.steps;
  const noun = wizard.mode.kind === "listener" ? "listener" : "load balancer";
  const title = wizard.mode.kind === "listener" ? "Create Listener" : "Create Load Balancer";
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest>({ target: "first", seq: 0 });
  const panelRef = useRef<HTMLDivElement>(null);
  /** Set on the click that sends, before isPending re-renders: a double click sends once. */
  const sending = useRef(false);
  const createLoadBalancer = useMutation(trpc.loadBalancer.create.mutationOptions());
  const createListener = useMutation(trpc.listener.create.mutationOptions());
  const isPending = createLoadBalancer.isPending || createListener.isPending;

  const index = Math.max(0, steps.findIndex((s) => s.id === wizard.step));
  const step = steps[index] ?? steps[0] ?? { id: "details" as const, title: "" };
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

  /** Why "Discard this …?" is asked: a close (Escape, ×, Cancel) or the browser's Back. */
  const [discarding, setDiscarding] = useState<"close" | "back" | null>(null);
  const guard = useLeaveGuard(wizard.dirty, () => {
    if (wizard.dirty) setDiscarding("back");
    else {
      onClose();
      guard.leave();
    }
  });
  const close = () => {
    if (isPending) return;
    if (wizard.dirty) setDiscarding("close");
    else onClose();
  };
  const keepEditing = () => {
    if (discarding === "back") guard.stay();
    setDiscarding(null);
  };
  const discard = () => {
    if (discarding === "back") guard.leave();
    onClose();
  };

  const onError = (err: unknown, submitted: WizardState) => {
    const serverFields = fieldErrorsOf(err);
    // The load balancer is busy (Octavia's status lock): nothing is wrong with the form.
    if (isConflict(err) && Object.keys(serverFields).length === 0) {
      toast.error(`Unable to create ${noun}: ${messageOf(err)}`);
      return;
    }
    const mapped = mapServerFieldErrors(serverFields, submitted, wizard.mode);
    const { [TOP]: general, ...byField } = mapped;
    wizard.setServerErrors(mapped);
    // The top says that nothing was created and why; the fields say where.
    setSubmitError(general?.length || Object.keys(byField).length === 0 ? messageOf(err) : `${messageOf(err)} (see the marked fields)`);
    const stepWithError = firstStepWithErrors(byField, steps);
    if (stepWithError) goTo(stepWithError, "invalid");
  };

  const submit = () => {
    if (sending.current) return;
    setSubmitError(null);
    const errors = wizard.clientErrors;
    if (Object.keys(errors).length > 0) {
      wizard.revealAll();
      goTo(firstStepWithErrors(errors, steps) ?? wizard.step, "invalid");
      return;
    }
    const submitted = wizard.form;
    sending.current = true;
    const current = wizard.mode;
    if (current.kind === "listener") {
      createListener.mutate(buildListenerGraph(submitted, current), {
        onSettled: () => {
          sending.current = false;
        },
        onSuccess: (listener) => {
          for (const queryKey of [trpc.listener.list.queryKey(), trpc.pool.list.queryKey(), trpc.loadBalancer.statusTree.queryKey()]) {
            void queryClient.invalidateQueries({ queryKey });
          }
          toast.success(`Created listener ${listener.name || listener.id}`);
          onClose();
        },
        onError: (err) => onError(err, submitted),
      });
      return;
    }
    createLoadBalancer.mutate(buildGraph(submitted), {
      onSettled: () => {
        sending.current = false;
      },
      onSuccess: (lb) => {
        void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.list.queryKey() });
        toast.success(`Created load balancer ${lb.name || lb.id}`);
        onClose();
      },
      onError: (err) => onError(err, submitted),
    });
  };

  const topErrors = wizard.topErrors.filter((e) => e !== submitError);
  const last = index === steps.length - 1;
  return (
    <>
      <Modal
        title={title}
        open
        size="xl"
        onClose={close}
        footer={
          <>
            <Button onClick={close} disabled={isPending}>
              Cancel
            </Button>
            <Button onClick={() => goTo(steps[index - 1]?.id ?? step.id)} disabled={index === 0}>
              « Back
            </Button>
            <Button onClick={() => goTo(steps[index + 1]?.id ?? step.id)} disabled={last}>
              Next »
            </Button>
            <Button variant="primary" pending={isPending} onClick={submit}>
              {title}
            </Button>
          </>
        }
      >
        <div className="-mx-4 -my-3 flex min-h-[28rem]">
          <StepList steps={steps} current={step.id} withErrors={wizard.stepsWithErrors} onSelect={(id) => goTo(id)} />
          <div ref={panelRef} className="min-w-0 flex-1 space-y-3 px-4 py-3">
            {(submitError || topErrors.length > 0) && (
              <div role="alert" className="rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
                {submitError && (
                  <p>
                    <strong>Error:</strong> Unable to create {noun}: {submitError}
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
            <fieldset disabled={isPending} className="min-w-0">
              <StepView form={wizard.form} mode={wizard.mode} edit={wizard.edit} errorOf={wizard.errorOf} />
            </fieldset>
          </div>
        </div>
      </Modal>
      {/* A sibling, not a child, of the wizard's dialog: its Escape must not reach the wizard's. */}
      <ConfirmDialog
        title={`Discard this ${noun}?`}
        open={discarding !== null}
        danger
        confirmLabel="Discard"
        message={`What you entered in the ${title} wizard is lost: nothing has been created yet.`}
        onConfirm={discard}
        onCancel={keepEditing}
      />
    </>
  );
}
