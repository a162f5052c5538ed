import { DAY, HOUR, hourUp, MIN } from './clock';
import { deactivatedEmail, demoSignIns } from './demo-org';
import { activeAt, type Directory } from './directory';
import type { NewRequest, Req } from './request';

export interface Scenario {
  createdAt: number;
  /** False when the people it needs were not active at the times it uses. */
  usable?: boolean;
  make: (newReq: (f: NewRequest) => Req) => Req;
}

/**
 * Hand-written requests, relative to `now`, so the demo sign-ins always have
 * something true to show: Dana's stalled work, an offer waiting for Dana,
 * Sam's resolved requests awaiting confirmation, an unowned request past
 * ownWithin, the open request of the person who left, a reopened-twice one.
 */
export function scenarios(dir: Directory, now: number): Scenario[] {
  const who = (email: string) => dir.byEmail.get(email);
  const dana = who(demoSignIns.owner);
  const lee = who(demoSignIns.lead);
  const sam = who(demoSignIns.staff);
  const chloe = who('chloe.martin@example.org');
  const marco = who('marco.ruiz@example.org');
  const ava = who('ava.thompson@example.org');
  const sofia = who('sofia.rossi@example.org');
  const raj = who('raj.patel@example.org');
  const ben = who('ben.carter@example.org');
  const hannah = who('hannah.okafor@example.org');
  const luis = who('luis.fernandez@example.org');
  const jordan = who(deactivatedEmail);
  const cat = (name: string) => dir.categoriesByName.get(name);
  const equipment = cat('Equipment');
  const facilities = cat('Facilities');
  const aquatics = cat('Aquatics');
  const it = cat('IT');
  if (
    !dana ||
    !lee ||
    !sam ||
    !chloe ||
    !marco ||
    !ava ||
    !sofia ||
    !raj ||
    !ben ||
    !hannah ||
    !luis ||
    !jordan ||
    !equipment ||
    !facilities ||
    !aquatics ||
    !it
  ) {
    return [];
  }
  const loc = (name: string) => dir.locations.get(name) ?? null;
  const ago = (days: number, hours = 0) =>
    Math.floor((now - days * DAY - hours * HOUR) / 1000) * 1000;
  const base = (
    f: Omit<NewRequest, 'description' | 'onBehalfOf'> & {
      description?: string;
      onBehalfOf?: string;
    },
  ): NewRequest => ({ description: '', onBehalfOf: null, ...f });
  const list: Scenario[] = [
    {
      // Dana: waiting, follow-up overdue.
      createdAt: ago(6, 2),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Treadmill 3 belt slips',
            description: 'The belt slips and jerks above 10 km/h. Out-of-order sign is on it.',
            desiredOutcome: 'Treadmill 3 runs smoothly at every speed and is back in service.',
            category: equipment,
            locationId: loc('Fitness floor'),
            asset: 'Treadmill #3',
            priority: 'normal',
            requester: sam,
            createdAt: ago(6, 2),
          }),
        );
        b.accept(b.t + 40 * MIN);
        b.comment(
          dana.id,
          b.t + 2 * HOUR,
          'Belt is worn through; ordering a replacement from FitParts.',
        );
        b.wait(dana.id, ago(4), 'Waiting for the replacement belt to arrive.', ago(1));
        return b;
      },
    },
    {
      // Dana: open handoff past its expected-by.
      createdAt: ago(5, 3),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Rowing machine 2 display blank',
            description: 'The monitor does not light up; new batteries did not help.',
            desiredOutcome: 'Rower 2 shows time, distance and pace again.',
            category: equipment,
            locationId: loc('Fitness floor'),
            asset: 'Rower #2',
            priority: 'normal',
            requester: chloe,
            createdAt: ago(5, 3),
          }),
        );
        b.accept(b.t + HOUR);
        b.handoff(
          dana.id,
          ago(4),
          { text: 'Acme Fitness Repair' },
          'Replace the console display under warranty',
          ago(1),
        );
        b.comment(dana.id, ago(3), 'Acme confirmed the part is on order.');
        return b;
      },
    },
    {
      // Dana: past its target and quiet for two days.
      createdAt: ago(4, 1),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Cable crossover pulley cable frayed',
            description: 'Left cable frayed near the top pulley. Taped off — safety risk.',
            desiredOutcome: 'The cable crossover is safe to use with both cables replaced.',
            category: equipment,
            locationId: loc('Fitness floor'),
            asset: 'Cable crossover',
            priority: 'high',
            requester: marco,
            createdAt: ago(4, 1),
          }),
        );
        b.accept(b.t + 30 * MIN);
        b.comment(dana.id, b.t + 2 * HOUR, 'Taped it off; both cables need replacing.');
        b.comment(dana.id, ago(2), 'Cables ordered, fitting them when they arrive.');
        return b;
      },
    },
    {
      // An offer waiting for Dana (fresh).
      createdAt: ago(0, 2),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Spin bike 7 resistance knob stuck',
            description: 'The resistance knob will not turn past halfway.',
            desiredOutcome: 'Spin bike 7 has its full resistance range for classes.',
            category: equipment,
            locationId: loc('Studio A'),
            asset: 'Spin bike #7',
            priority: 'normal',
            requester: sofia,
            createdAt: ago(0, 2),
          }),
        );
        return b;
      },
    },
    {
      // An offer to Dana left unanswered past ownWithin (and unowned).
      createdAt: ago(3),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Studio A mirror clips loose',
            description: 'Two mirror clips are loose; the end mirror moves when touched.',
            desiredOutcome: 'Every mirror in Studio A is firmly fixed.',
            category: facilities,
            locationId: loc('Studio A'),
            asset: 'Studio A mirrors',
            priority: 'normal',
            requester: ava,
            createdAt: ago(3),
          }),
        );
        b.offer(lee.id, dana.id, ago(2), 'You fitted these last time — can you own it?');
        return b;
      },
    },
    {
      // Sam: resolved, awaiting confirmation.
      createdAt: ago(4, 5),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Front desk printer jams on receipts',
            description: 'Jams every few receipts; queues at check-in.',
            desiredOutcome: 'Receipts print reliably at the front desk.',
            category: it,
            locationId: loc('Front desk'),
            asset: 'Receipt printer',
            priority: 'normal',
            requester: sam,
            createdAt: ago(4, 5),
          }),
        );
        b.take(raj.id, b.t + HOUR);
        b.comment(raj.id, b.t + 3 * HOUR, 'The pick-up roller is worn; spare ordered.');
        b.resolve(
          raj.id,
          ago(1),
          'Cleaned the paper path and replaced the worn roller; printed 50 receipts without a jam.',
        );
        return b;
      },
    },
    {
      // Sam: resolved three days ago, awaiting confirmation.
      createdAt: ago(6, 4),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Lost property cabinet lock broken',
            description: 'The key turns but the cabinet does not lock.',
            desiredOutcome: 'Lost property can be locked away again.',
            category: facilities,
            locationId: loc('Front desk'),
            asset: 'Lost property cabinet',
            priority: 'normal',
            requester: sam,
            createdAt: ago(6, 4),
          }),
        );
        b.assign(lee.id, marco.id, b.t + 2 * HOUR);
        b.resolve(marco.id, ago(3), 'Fitted a new cam lock; two keys at the desk.');
        return b;
      },
    },
    {
      // Unowned, past ownWithin (high: 4 h).
      createdAt: ago(0, 9),
      make: (mk) =>
        mk(
          base({
            title: 'Pool deck drain blocked near lane 6',
            description: 'Water pools on the deck by lane 6; slip risk. Coned off.',
            desiredOutcome: 'The deck drains freely and stays dry.',
            category: aquatics,
            locationId: loc('Pool deck'),
            asset: null,
            priority: 'high',
            requester: ben,
            createdAt: ago(0, 9),
          }),
        ),
    },
    {
      // Open, owned by the person who left (after their last event here).
      createdAt: ago(32),
      usable: activeAt(jordan, ago(23)),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Studio B door closer slams',
            description: 'The door slams shut and disturbs the class next door.',
            desiredOutcome: 'The door closes slowly and quietly.',
            category: facilities,
            locationId: loc('Studio B'),
            asset: 'Studio B door',
            priority: 'normal',
            requester: ava,
            createdAt: ago(32),
          }),
        );
        b.take(jordan.id, b.t + 3 * HOUR);
        b.wait(jordan.id, ago(28), 'Waiting for a new closer from the hardware supplier.', ago(24));
        b.comment(jordan.id, ago(23), 'Supplier says another week.');
        return b;
      },
    },
    {
      // Reopened twice, waiting again.
      createdAt: ago(20),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Pool heater not reaching 28°C',
            description: 'Main pool at 25.5 °C this morning; the aqua-fit class complained.',
            desiredOutcome: 'The main pool holds 28 °C all day.',
            category: aquatics,
            locationId: loc('Pool deck'),
            asset: 'Pool heater',
            priority: 'high',
            requester: sam,
            createdAt: ago(20),
          }),
        );
        b.assign(hannah.id, luis.id, b.t + 30 * MIN);
        const h = b.handoff(
          luis.id,
          b.t + HOUR,
          { text: 'AquaTech Pool Services' },
          'Service the heat exchanger and the thermostat',
          ago(18),
        );
        b.closeHandoff(luis.id, ago(18, 4), h, 'done', 'Thermostat replaced.');
        b.resolve(luis.id, ago(18, 2), 'AquaTech replaced the thermostat; pool back at 28.2 °C.');
        b.reopen(sam.id, ago(16), 'Down to 26 °C again this morning.');
        b.comment(luis.id, ago(15, 20), 'Circulation pump seal is leaking; replacing it.');
        b.resolve(luis.id, ago(12), 'Replaced the circulation pump seal; holding 28 °C.');
        b.confirm(sam.id, ago(11), { rating: 3, note: 'Warm again, thanks.' });
        b.reopen(sam.id, ago(5), 'Cold again — the swim club complained on Tuesday.');
        b.wait(
          luis.id,
          ago(4),
          'Waiting for AquaTech’s engineer to replace the heater.',
          now + 2 * DAY,
        );
        return b;
      },
    },
    {
      // Waiting on a vendor, nothing overdue: a healthy open request.
      createdAt: ago(3, 6),
      make: (mk) => {
        const b = mk(
          base({
            title: 'Wi-Fi drops in Studio B',
            description: 'Instructors lose the music stream several times per class.',
            desiredOutcome: 'Stable Wi-Fi in Studio B through a whole class.',
            category: it,
            locationId: loc('Studio B'),
            asset: null,
            priority: 'normal',
            requester: sofia,
            createdAt: ago(3, 6),
          }),
        );
        b.take(raj.id, b.t + 2 * HOUR);
        const due = hourUp(now + 2 * DAY);
        b.handoff(
          raj.id,
          ago(2),
          { text: 'NetWorks IT support' },
          'Replace the access point in Studio B',
          due,
        );
        b.wait(
          raj.id,
          ago(2) + 10 * MIN,
          'Waiting for NetWorks to fit the new access point.',
          due + 4 * HOUR,
        );
        return b;
      },
    },
  ];
  return list.filter((x) => x.usable !== false).sort((a, b) => a.createdAt - b.createdAt);
}
