/**
 * Retry of a failed self-service run: the offering's form, filled in with the inputs the
 * run had, to fix them first. The button and the sentence above it say what submitting
 * does (request-model.ts retryPlan, from the approval rules): the same inputs run again
 * under the approval given; changed ones are a new request that needs approval again.
 */
import { useState } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import type { Offering } from '../../../../shared/domain/catalogue';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea } from '../catalogue/console-area';
import { CatalogueForm, type FormData } from '../catalogue/catalogue-form';
import { retryPlan, type Viewer } from './request-model';
import { useRetryRequest } from './use-requests';

export function RetryDialog({
  request,
  offering,
  viewer,
  onClose,
}: {
  request: SpecialistRequest;
  offering: Offering;
  viewer: Viewer;
  onClose(): void;
}) {
  const [formData, setFormData] = useState<FormData>(() => ({ ...request.inputs }));
  const retry = useRetryRequest(viewer);
  const selectRequest = useConsoleArea((state) => state.selectRequest);
  const plan = retryPlan(offering, request, formData);
  return (
    <Modal opened onClose={onClose} title={`Run “${request.offeringTitle}” again`} size="lg">
      <Text size="sm" mb="sm">
        The form holds the inputs of the run that failed. Fix what made it fail, then run it again.
      </Text>
      <CatalogueForm
        offering={offering}
        formData={formData}
        onChange={setFormData}
        onSubmit={(data) =>
          retry.mutate(
            { requestId: request.id, inputs: data },
            {
              onSuccess: (next) => {
                onClose();
                selectRequest(next.id);
              },
            },
          )
        }
        engineMessage={retry.isError ? errorMessage(retry.error) : null}
        refusedTitle="Not run"
        aria-label={`${request.offeringTitle}: inputs for the next run`}
      >
        <Text size="sm" mt="md" aria-live="polite" data-testid="retry-plan">
          {plan.explanation}
        </Text>
        <Group justify="flex-end" gap="xs" mt="sm">
          <Button variant="default" onClick={onClose}>
            Back
          </Button>
          <Button type="submit" loading={retry.isPending} leftSection={<IconPlayerPlay size={14} />}>
            {plan.submit}
          </Button>
        </Group>
      </CatalogueForm>
    </Modal>
  );
}
