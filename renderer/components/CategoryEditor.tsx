import { Alert, Button, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Category, SignalInput } from '../../engine/core/api/schema.js';
import { SIGNALS, type SignalId } from '../../engine/core/signals/catalog.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EditFooter } from './EditFooter.js';
import { editableOf, useModelStore } from '../state/modelStore.js';
import { SignalCard } from './category/SignalCard.js';

/** The default input for a signal: its normalisation in the default model, else linear 0–1. */
function defaultInput(signal: SignalId): SignalInput {
  for (const c of DEFAULT_CONFIG.categories) for (const s of c.signals) if (s.signal === signal) return s;
  return { signal, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 1 } };
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
  const setCategories = useModelStore((s) => s.setCategories);
  const [draft, setDraft] = useState<Category | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (!config) return;
    setProblems([]);
    setDraft(
      index === null
        ? { id: '', name: 'New category', weight: 0, signals: [defaultInput('nps_latest')] }
        : config.categories[index]!,
    );
  }, [index, config]);
  if (!config || !draft) return null;
  const others = config.categories.filter((_, i) => i !== index);
  const unused = SIGNALS.filter((s) => !draft.signals.some((x) => x.signal === s.id));
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
    const next =
      index === null ? [...config.categories, cat] : config.categories.map((c, i) => (i === index ? cat : c));
    const errors = setCategories(next);
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const remove = () => {
    if (index === null) return;
    // The removed weight goes to the others in proportion, so the total stays 100.
    const rest = config.categories.filter((_, i) => i !== index);
    const restTotal = rest.reduce((t, c) => t + c.weight, 0);
    const freed = config.categories[index]!.weight;
    let weights = rest.map((c) =>
      restTotal > 0 ? Math.floor(c.weight + (freed * c.weight) / restTotal) : Math.floor(100 / rest.length),
    );
    const short = 100 - weights.reduce((t, w) => t + w, 0);
    weights = weights.map((w, i) => (i === 0 ? w + short : w));
    const errors = setCategories(rest.map((c, i) => ({ ...c, weight: weights[i]! })));
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
            onChange={(next) => setDraft({ ...draft, signals: draft.signals.map((x, j) => (j === k ? next : x)) })}
            onRemove={
              draft.signals.length > 1
                ? () => setDraft({ ...draft, signals: draft.signals.filter((_, j) => j !== k) })
                : null
            }
          />
        ))}
        <Select
          size="xs"
          w={300}
          placeholder="Add a signal…"
          aria-label="Add a signal"
          value={null}
          data={unused.map((s) => ({ value: s.id, label: `${s.label} (${s.category})` }))}
          onChange={(v) => v && setDraft({ ...draft, signals: [...draft.signals, defaultInput(v as SignalId)] })}
          data-testid="add-signal"
        />
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
                onClick={remove}
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
