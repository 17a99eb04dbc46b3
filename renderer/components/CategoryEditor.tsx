import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Category, CustomSignal, ModelConfig, SignalInput } from '../../engine/core/api/schema.js';
import { DEFAULT_CONFIGURATION_ID } from '../../engine/core/model/configurations.js';
import { isCustomSignalId, SIGNALS, type AnySignalId, type SignalId } from '../../engine/core/signals/catalog.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EditFooter } from './EditFooter.js';
import { editableOf, editingId, useModelStore } from '../state/modelStore.js';
import { SignalCard } from './category/SignalCard.js';
import { CustomSignalForm } from './category/CustomSignalForm.js';
import { OrphanDefinitions } from './category/OrphanDefinitions.js';
import { startingNormalisation } from './category/customSignalDraft.js';

/** The default input for a signal: its normalisation in the default model, else linear 0–1. */
function defaultInput(signal: SignalId): SignalInput {
  for (const c of DEFAULT_CONFIG.categories) for (const s of c.signals) if (s.signal === signal) return s;
  return { signal, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 1 } };
}

/** A custom signal's input: a normalisation following its direction (customSignalDraft.startingNormalisation). */
const customInput = (s: CustomSignal): SignalInput => ({
  signal: s.id,
  weight: 1,
  normalisation: startingNormalisation(s),
});

/**
 * Which signals the model lists outside the category being edited: the edited configuration's other
 * categories, and every category of its other configurations (the default and the variants).
 */
function usedElsewhere(whole: ModelConfig, view: ModelConfig, index: number | null, editing: string): Set<string> {
  const lists = [
    ...view.categories.filter((_, i) => i !== index),
    ...(editing === DEFAULT_CONFIGURATION_ID ? [] : whole.categories),
    ...(whole.variants ?? []).filter((v) => v.id !== editing).flatMap((v) => v.categories),
  ];
  return new Set(lists.flatMap((c) => c.signals.map((s) => s.signal)));
}

const slug = (name: string, taken: string[]) => {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'c_$1') || 'category';
  let id = /^[a-z]/.test(base) ? base : `c_${base}`;
  for (let k = 2; taken.includes(id); k++) id = `${base}_${k}`;
  return id;
};

/**
 * Edit one category (index) or create one (index === null): name, signals,
 * their weights and normalisation with a live preview; apply as one undoable edit.
 */
export function CategoryEditor({ index, onClose }: { index: number | null; onClose: () => void }) {
  const config = useModelStore(editableOf);
  const whole = useModelStore((s) => s.config);
  const editing = useModelStore(editingId);
  const setCategories = useModelStore((s) => s.setCategories);
  const [draft, setDraft] = useState<Category | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  // Defined in this dialog, not yet applied: the new definitions, and inputs for other categories.
  const [added, setAdded] = useState<CustomSignal[]>([]);
  const [elsewhere, setElsewhere] = useState<{ category: string; input: SignalInput }[]>([]);
  const [defining, setDefining] = useState(false);
  // Definitions no category would list after this edit: kept unless the user deletes them.
  const [deleting, setDeleting] = useState<Set<string>>(new Set());
  // Removing the category would leave these definitions in no category: asked before removing.
  const [removing, setRemoving] = useState<CustomSignal[] | null>(null);
  useEffect(() => {
    if (!config) return;
    setProblems([]);
    setAdded([]);
    setElsewhere([]);
    setDeleting(new Set());
    setRemoving(null);
    setDraft(
      index === null
        ? { id: '', name: 'New category', weight: 0, signals: [defaultInput('nps_latest')] }
        : config.categories[index]!,
    );
  }, [index, config]);
  if (!config || !whole || !draft) return null;
  const others = config.categories.filter((_, i) => i !== index);
  const unused = SIGNALS.filter((s) => !draft.signals.some((x) => x.signal === s.id));
  const defined = [...(whole.customSignals ?? []), ...added];
  const definition = (id: AnySignalId) => defined.find((d) => d.id === id);
  const unusedCustom = defined.filter((d) => !draft.signals.some((x) => x.signal === d.id));
  // Custom signals no category lists once this edit is applied: offered for deletion.
  const listed = new Set([
    ...usedElsewhere(whole, config, index, editing),
    ...draft.signals.map((s) => s.signal),
    ...elsewhere.map((e) => e.input.signal),
  ]);
  const orphans = defined.filter((d) => !listed.has(d.id));
  const applied = (d: CustomSignal) => (whole.customSignals ?? []).some((x) => x.id === d.id);
  const addSignal = (signal: CustomSignal, categoryId: string) => {
    setAdded([...added, signal]);
    if (categoryId === (index === null ? '' : draft.id))
      setDraft({ ...draft, signals: [...draft.signals, customInput(signal)] });
    else setElsewhere([...elsewhere, { category: categoryId, input: customInput(signal) }]);
    setDefining(false);
  };
  const apply = () => {
    const cat = {
      ...draft,
      id:
        index === null
          ? slug(
              draft.name,
              others.map((c) => c.id),
            )
          : draft.id,
    };
    const withOthers = (cs: Category[]) =>
      cs.map((c) => {
        const more = elsewhere.filter((e) => e.category === c.id).map((e) => e.input);
        return more.length > 0 ? { ...c, signals: [...c.signals, ...more] } : c;
      });
    const next = withOthers(
      index === null ? [...config.categories, cat] : config.categories.map((c, i) => (i === index ? cat : c)),
    );
    // An orphan added in this dialog was never applied: it goes unless kept by a category.
    const kept = defined.filter((d) => !(orphans.includes(d) && (deleting.has(d.id) || !applied(d))));
    const touched = added.length > 0 || kept.length !== (whole.customSignals ?? []).length;
    const errors = setCategories(next, touched ? kept : undefined);
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const remove = (deleteDefinitions?: boolean) => {
    if (index === null) return;
    const left = (whole.customSignals ?? []).filter((d) => !usedElsewhere(whole, config, index, editing).has(d.id));
    if (deleteDefinitions === undefined && left.length > 0) {
      setRemoving(left);
      return;
    }
    const keptDefinitions = deleteDefinitions
      ? (whole.customSignals ?? []).filter((d) => !left.includes(d))
      : undefined;
    // The removed weight goes to the others in proportion, so the total stays 100.
    const rest = config.categories.filter((_, i) => i !== index);
    const restTotal = rest.reduce((t, c) => t + c.weight, 0);
    const freed = config.categories[index]!.weight;
    let weights = rest.map((c) =>
      restTotal > 0 ? Math.floor(c.weight + (freed * c.weight) / restTotal) : Math.floor(100 / rest.length),
    );
    const short = 100 - weights.reduce((t, w) => t + w, 0);
    weights = weights.map((w, i) => (i === 0 ? w + short : w));
    const errors = setCategories(
      rest.map((c, i) => ({ ...c, weight: weights[i]! })),
      keptDefinitions,
    );
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const count = config.categories.length + (index === null ? 1 : 0);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={index === null ? 'Add a category' : `Edit ${config.categories[index]!.name}`}
      data-testid="category-editor"
    >
      <Stack gap="sm">
        <TextInput
          label="Category name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          data-testid="category-name"
        />
        {index === null && (
          <Text size="xs" c="dimmed">
            A new category starts at weight 0 %: move its slider to give it weight.
          </Text>
        )}
        {(count < 3 || count > 7) && (
          <Alert color="yellow" py={6}>
            Health scores work best with 3 to 7 categories; this model would have {count}.
          </Alert>
        )}
        {draft.signals.map((s, k) => (
          <SignalCard
            key={s.signal}
            input={s}
            definition={isCustomSignalId(s.signal) ? definition(s.signal) : undefined}
            customSignals={defined}
            applied={!isCustomSignalId(s.signal) || (whole.customSignals ?? []).some((d) => d.id === s.signal)}
            onChange={(next) => setDraft({ ...draft, signals: draft.signals.map((x, j) => (j === k ? next : x)) })}
            onRemove={
              draft.signals.length > 1
                ? () => setDraft({ ...draft, signals: draft.signals.filter((_, j) => j !== k) })
                : null
            }
          />
        ))}
        <OrphanDefinitions
          orphans={orphans.filter(applied)}
          deleting={deleting}
          onToggle={(id) => {
            const next = new Set(deleting);
            if (!next.delete(id)) next.add(id);
            setDeleting(next);
          }}
        />
        {elsewhere.length > 0 && (
          <Text size="xs" c="dimmed">
            Also added on apply:{' '}
            {elsewhere
              .map(
                (e) =>
                  `${definition(e.input.signal)?.label} to ${config.categories.find((c) => c.id === e.category)?.name}`,
              )
              .join('; ')}
            .
          </Text>
        )}
        <Group gap="xs">
          <Select
            size="xs"
            w={300}
            placeholder="Add a signal…"
            aria-label="Add a signal"
            value={null}
            data={[
              ...unused.map((s) => ({ value: s.id, label: `${s.label} (${s.category})` })),
              ...unusedCustom.map((d) => ({ value: d.id, label: `${d.label} (your own)` })),
            ]}
            onChange={(v) => {
              if (!v) return;
              const own = definition(v as AnySignalId);
              setDraft({ ...draft, signals: [...draft.signals, own ? customInput(own) : defaultInput(v as SignalId)] });
            }}
            data-testid="add-signal"
          />
          {!defining && (
            <Button size="xs" variant="light" onClick={() => setDefining(true)} data-testid="define-signal">
              Define a new signal…
            </Button>
          )}
        </Group>
        {defining && (
          <CustomSignalForm
            categories={[
              ...(index === null ? [{ id: '', name: `${draft.name} (this new category)` }] : []),
              ...config.categories.map((c, i) => (i === index ? { id: c.id, name: draft.name } : c)),
            ]}
            category={index === null ? '' : draft.id}
            taken={defined.map((d) => d.id)}
            onAdd={addSignal}
            onCancel={() => setDefining(false)}
          />
        )}
        {removing && (
          <Alert color="red" py={6} data-testid="remove-category-definitions">
            <Text size="xs" mb={6}>
              Removing {config.categories[index!]!.name} leaves {removing.map((d) => `“${d.label}”`).join(', ')} in no
              category. Delete {removing.length === 1 ? 'its definition' : 'their definitions'} too?
            </Text>
            <Group gap="xs">
              <Button size="compact-xs" color="red" onClick={() => remove(true)} data-testid="remove-and-delete">
                Remove and delete
              </Button>
              <Button size="compact-xs" variant="default" onClick={() => remove(false)} data-testid="remove-and-keep">
                Remove, keep {removing.length === 1 ? 'the definition' : 'the definitions'}
              </Button>
            </Group>
          </Alert>
        )}
        <EditFooter
          problems={problems}
          problemsTestId="category-problems"
          onCancel={onClose}
          onApply={apply}
          applyTestId="apply-category"
          extra={
            index !== null ? (
              <Button
                variant="subtle"
                color="red"
                onClick={() => remove()}
                disabled={config.categories.length <= 1}
                data-testid="remove-category"
              >
                Remove category
              </Button>
            ) : null
          }
        />
      </Stack>
    </Modal>
  );
}
