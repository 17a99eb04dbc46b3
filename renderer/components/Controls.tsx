import { Button, Divider, Stack } from '@mantine/core';
import { useModelStore } from '../state/modelStore.js';
import { AsOfSelect } from './AsOfSelect.js';
import { BacktestDesign } from './BacktestDesign.js';
import { ConfigurationPicker } from './configurations/ConfigurationPicker.js';
import { ScenarioBar } from './ScenarioBar.js';
import { TierControls } from './TierControls.js';
import { WeightSliders } from './WeightSliders.js';

export function Controls() {
  const reset = useModelStore((s) => s.reset);
  return (
    <Stack gap="md" p="md">
      <ScenarioBar />
      <Divider />
      <AsOfSelect />
      <Divider />
      <ConfigurationPicker />
      <WeightSliders />
      <Divider />
      <TierControls />
      <Divider />
      <BacktestDesign />
      <Divider />
      <Button variant="default" size="xs" onClick={reset} data-testid="reset">
        Reset to the default model
      </Button>
    </Stack>
  );
}
