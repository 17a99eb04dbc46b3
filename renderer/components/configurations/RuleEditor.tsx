import { Modal, MultiSelect, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { AssignmentRule, Variant } from '../../../engine/core/api/schema.js';
import { useModelStore } from '../../state/modelStore.js';
import { useSessionStore } from '../../state/sessionStore.js';
import { EditFooter } from '../EditFooter.js';

/** Values the data has, plus any the rule already names (a rule may be written for data not loaded yet). */
const options = (inData: readonly string[], inRule: readonly string[] | undefined) => [
  ...new Set([...inData, ...(inRule ?? [])]),
];

const num = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Name and assignment rule of one configuration; every condition given must hold. */
export function RuleEditor({ variant, onClose }: { variant: Variant; onClose: () => void }) {
  const dataset = useSessionStore((s) => s.dataset);
  const update = useModelStore((s) => s.updateVariant);
  const [name, setName] = useState(variant.name);
  const [rule, setRule] = useState<AssignmentRule>(variant.when);
  const [problems, setProblems] = useState<string[]>([]);
  const patch = (p: Partial<AssignmentRule>) => {
    const next: Record<string, unknown> = { ...rule, ...p };
    // An empty list or a cleared number means "no condition", not "matches nothing".
    for (const [k, v] of Object.entries(next))
      if (v === undefined || (Array.isArray(v) && v.length === 0)) delete next[k];
    setRule(next as AssignmentRule);
  };
  const apply = () => {
    const errors = update(variant.id, { name: name.trim(), when: rule });
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const list = (label: string, key: 'segments' | 'plans' | 'regions', inData: readonly string[]) => (
    <MultiSelect
      size="xs"
      label={label}
      placeholder="any"
      data={options(inData, rule[key])}
      value={rule[key] ?? []}
      onChange={(v) => patch({ [key]: v })}
      searchable
      clearable
      data-testid={`rule-${key}`}
    />
  );
  return (
    <Modal opened onClose={onClose} title={`Who “${variant.name}” scores`} size="lg" data-testid="rule-editor">
      <Stack gap="sm">
        <TextInput
          size="xs"
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="rule-name"
        />
        <Text size="xs" c="dimmed">
          Judged at every snapshot date. Every condition you fill in must hold; leave one empty to ignore it.
          Configurations are tried in order and the first that matches scores the account; the default scores everyone
          else.
        </Text>
        <SimpleGrid cols={3} spacing="xs">
          {list('Segment', 'segments', dataset?.segments ?? [])}
          {list('Plan', 'plans', dataset?.plans ?? [])}
          {list('Region', 'regions', dataset?.regions ?? [])}
        </SimpleGrid>
        <SimpleGrid cols={3} spacing="xs">
          <NumberInput
            size="xs"
            label="ARR from"
            placeholder="any"
            min={0}
            thousandSeparator=","
            value={rule.arrMin ?? ''}
            onChange={(v) => patch({ arrMin: num(v) })}
            data-testid="rule-arr-min"
          />
          <NumberInput
            size="xs"
            label="ARR below"
            placeholder="any"
            min={1}
            thousandSeparator=","
            value={rule.arrBelow ?? ''}
            onChange={(v) => patch({ arrBelow: num(v) })}
            data-testid="rule-arr-below"
          />
          <NumberInput
            size="xs"
            label="Younger than (days)"
            placeholder="any age"
            min={1}
            max={3650}
            value={rule.ageDaysBelow ?? ''}
            onChange={(v) => patch({ ageDaysBelow: num(v) === undefined ? undefined : Math.round(num(v)!) })}
            data-testid="rule-age"
          />
        </SimpleGrid>
        <EditFooter
          problems={problems}
          problemsTestId="rule-problems"
          onCancel={onClose}
          onApply={apply}
          applyTestId="apply-rule"
          extra={null}
        />
      </Stack>
    </Modal>
  );
}
