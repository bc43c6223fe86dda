/** Read only or read & write, as two radio buttons styled as one control. */
import { useId } from 'preact/hooks';

/** Access of a folder or database. */
export type Access = 'read' | 'write';

/** The choice; `label` names what it is for (a screen reader hears it as the group's name). */
export function AccessChoice({
  value,
  label,
  onChange,
}: {
  value: Access;
  label: string;
  onChange(access: Access): void;
}) {
  const name = useId();
  return (
    <div class="segmented" role="radiogroup" aria-label={label}>
      {(['read', 'write'] as const).map((access) => (
        <label key={access}>
          <input type="radio" name={name} value={access} checked={value === access} onChange={() => onChange(access)} />
          {access === 'read' ? 'Read only' : 'Read & write'}
        </label>
      ))}
    </div>
  );
}
