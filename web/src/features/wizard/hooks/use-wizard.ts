import { useReducer } from "react";
import { getSteps, type StepId, type WizardAction } from "../get-steps";

export interface WizardState {
  action: WizardAction | undefined;
  /** Chosen assets as "adamId:pricingParam". */
  assets: string[];
  targetsText: string;
  step: StepId;
}

type Msg =
  | { type: "action"; action: WizardAction }
  | { type: "assets"; assets: string[] }
  | { type: "targets"; text: string }
  | { type: "go"; step: StepId }
  | { type: "next" }
  | { type: "back" };

function reduce(s: WizardState, m: Msg): WizardState {
  const steps = getSteps(s.action).map((x) => x.id);
  const at = steps.indexOf(s.step);
  switch (m.type) {
    case "action":
      return { ...s, action: m.action };
    case "assets":
      return { ...s, assets: m.assets };
    case "targets":
      return { ...s, targetsText: m.text };
    case "go":
      return { ...s, step: m.step };
    case "next":
      return { ...s, step: steps[Math.min(at + 1, steps.length - 1)] ?? s.step };
    case "back":
      return { ...s, step: steps[Math.max(at - 1, 0)] ?? s.step };
  }
}

/** The wizard's state and navigation, typed. */
export function useWizard(initial: Partial<WizardState>) {
  return useReducer(reduce, { action: undefined, assets: [], targetsText: "", step: "action", ...initial });
}
