import { ActionIcon, Badge, Button, Group, SegmentedControl, Slider, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { CategoryEditor } from './CategoryEditor.js';
import type { Category } from '../../engine/core/api/schema.js';
import { editableOf, useModelStore } from '../state/modelStore.js';

const NO_CATEGORIES: Category[] = [];

function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d={locked ? 'M8 11V7a4 4 0 0 1 8 0v4' : 'M8 11V7a4 4 0 0 1 7.5-2'} />
    </svg>
  );
}

/** One slider per category; moving one rebalances the unlocked others so the total stays 100 %. */
export function WeightSliders() {
  const categories = useModelStore((s) => editableOf(s)?.categories ?? NO_CATEGORIES);
  const locks = useModelStore((s) => s.locks);
  const setWeight = useModelStore((s) => s.setWeight);
  const toggleLock = useModelStore((s) => s.toggleLock);
  const missing = useModelStore((s) => editableOf(s)?.missing ?? 'neutral');
  const setMissing = useModelStore((s) => s.setMissing);
  const baseline = useModelStore((s) => editableOf(s)?.baseline ?? 'trailing');
  const setBaseline = useModelStore((s) => s.setBaseline);
  const total = categories.reduce((t, c) => t + c.weight, 0);
  // undefined: closed; null: adding a category; a number: editing that one.
  const [editing, setEditing] = useState<number | null | undefined>(undefined);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Category weights
        </Text>
        <Badge variant="light" color={total === 100 ? 'teal' : 'red'} data-testid="weight-total">
          Total {total} %
        </Badge>
      </Group>
      {categories.map((c, i) => {
        const locked = locks[c.id] ?? false;
        return (
          <div key={c.id}>
            <Group justify="space-between" gap={4} mb={2}>
              <Text size="sm">{c.name}</Text>
              <Group gap={4}>
                <Text size="sm" fw={600} data-testid={`weight-value-${c.id}`}>
                  {c.weight} %
                </Text>
                <Tooltip label={`Signals and normalisation of ${c.name}`}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit ${c.name}`}
                    onClick={() => setEditing(i)}
                    data-testid={`edit-category-${c.id}`}
                  >
                    ✎
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={locked ? `Unlock ${c.name}` : `Lock ${c.name} while moving others`}>
                  <ActionIcon
                    size="sm"
                    variant={locked ? 'filled' : 'subtle'}
                    color="gray"
                    aria-label={`${locked ? 'Unlock' : 'Lock'} ${c.name} weight`}
                    aria-pressed={locked}
                    onClick={() => toggleLock(c.id)}
                  >
                    <LockIcon locked={locked} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            <Slider
              value={c.weight}
              onChange={(v) => setWeight(i, v)}
              min={0}
              max={100}
              step={1}
              disabled={locked}
              thumbLabel={`${c.name} weight`}
              label={(v) => `${v} %`}
              data-testid={`weight-slider-${c.id}`}
              size="sm"
            />
          </div>
        );
      })}
      <Button
        size="compact-xs"
        variant="subtle"
        w="fit-content"
        onClick={() => setEditing(null)}
        data-testid="add-category"
      >
        Add a category
      </Button>
      <Text size="xs" c="dimmed">
        A category without data
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={missing}
        onChange={(v) => setMissing(v as typeof missing)}
        aria-label="Missing-data policy"
        data-testid="missing-policy"
        data={[
          { value: 'neutral', label: 'Scores 50' },
          { value: 'reweight', label: 'Re-weight' },
          { value: 'penalise', label: 'Scores 0' },
        ]}
      />
      <Tooltip
        multiline
        w={300}
        label="For seasonal businesses: login, session, key-action and API trends compare the current window with the same window a year earlier. Accounts with less than a year of history keep the trailing baseline."
      >
        <Text size="xs" c="dimmed" w="fit-content">
          Usage trends compare with
        </Text>
      </Tooltip>
      <SegmentedControl
        size="xs"
        fullWidth
        value={baseline}
        onChange={(v) => setBaseline(v as typeof baseline)}
        aria-label="Trend baseline"
        data-testid="trend-baseline"
        data={[
          { value: 'trailing', label: 'Last 90 days' },
          { value: 'last-year', label: 'Same period last year' },
        ]}
      />
      {editing !== undefined && <CategoryEditor index={editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}
