import { type Priority, priorities, type Status } from '@followthrough/shared';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/raw';
import type { Db, Executor } from '../db/types';
import { defaultTargets } from '../domain/targets';
import { deactivatedEmail, demoSignIns } from './demo-org';

/*
 * The demo request generator. Each request is *simulated*: it is created,
 * routed, owned, worked (comments, waits with follow-ups, handoffs), resolved,
 * confirmed or auto-confirmed, sometimes reopened or cancelled, one event at
 * a time through the lifecycle of SPEC §4. The simulation stops at `now`, so
 * old requests are mostly closed and recent ones are open in whatever state
 * their story had reached. The request row is derived from its own events,
 * so the two always agree.
 *
 * Deterministic: one seeded PRNG drives the content and the story, another
 * (salted with the number of requests already in the database) the uuids.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const AUTO_CONFIRM_MS = 5 * DAY;
const REOPEN_WINDOW_MS = 14 * DAY;

// ---------------------------------------------------------------- randomness

/** splitmix32: spreads a small seed over a 32-bit state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (128-bit state, passes PractRand): returns unsigned 32-bit integers. */
export function seededUint32(seed: number, salt = 0): () => number {
  const init = splitmix32((seed ^ Math.imul(salt, 0x27d4eb2d)) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init() | 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A seeded PRNG in [0, 1). */
export function seededRandom(seed: number, salt = 0): () => number {
  const u32 = seededUint32(seed, salt);
  return () => u32() / 4_294_967_296;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4 uuid from a seeded stream. */
export function seededUuid(u32: () => number): () => string {
  return () => {
    const a = u32();
    const b = u32();
    const c = u32();
    const d = u32();
    const h = (x: number, shift: number) => HEX[(x >>> shift) & 0xff]!;
    return (
      `${h(a, 24)}${h(a, 16)}${h(a, 8)}${h(a, 0)}-` +
      `${h(b, 24)}${h(b, 16)}-${HEX[0x40 | ((b >>> 8) & 0x0f)]}${h(b, 0)}-` +
      `${HEX[0x80 | ((c >>> 24) & 0x3f)]}${h(c, 16)}-${h(c, 8)}${h(c, 0)}` +
      `${h(d, 24)}${h(d, 16)}${h(d, 8)}${h(d, 0)}`
    );
  };
}

// ---------------------------------------------------------------- content

interface Template {
  title: string;
  asset?: string;
  /** `{n}` in title/asset is 1..n. */
  n?: number;
  locations: string[];
  description: string;
  outcome: string;
  fixes: string[];
  /** Handoff asks that fit this problem. */
  asks?: string[];
  priority?: Priority;
  /** Logged on behalf of a member. */
  member?: boolean;
}

interface CategoryContent {
  templates: Template[];
  vendors: string[];
}

const content: Record<string, CategoryContent> = {
  Equipment: {
    vendors: ['Acme Fitness Repair', 'FitParts Supply', 'Maintenance', 'Technogym service desk'],
    templates: [
      {
        title: 'Treadmill {n} belt slips',
        asset: 'Treadmill #{n}',
        n: 12,
        locations: ['Fitness floor'],
        description:
          'The belt slips and jerks when members run above 10 km/h. An out-of-order sign is on it for now.',
        outcome: 'Treadmill {n} runs smoothly at every speed and is back in service.',
        fixes: [
          'Tensioned and re-aligned the belt, lubricated the deck; tested at 16 km/h for 20 minutes.',
          'Replaced the worn belt and deck board; ran it for half an hour without a slip.',
        ],
        asks: [
          'Replace the running belt and check the drive motor',
          'Quote for a new belt and deck',
        ],
      },
      {
        title: 'Elliptical {n} squeaks loudly',
        asset: 'Elliptical #{n}',
        n: 8,
        locations: ['Fitness floor'],
        description:
          'Loud squeak on every stride from the left pedal arm. Members are avoiding it.',
        outcome: 'Elliptical {n} runs quietly.',
        fixes: ['Greased the pedal arm bushings and tightened the crank bolt.'],
        asks: ['Supply two pedal arm bushings'],
        priority: 'low',
      },
      {
        title: 'Spin bike {n} resistance knob stuck',
        asset: 'Spin bike #{n}',
        n: 24,
        locations: ['Studio A', 'Studio B'],
        description: 'The resistance knob will not turn past halfway, so the class cannot use it.',
        outcome: 'Spin bike {n} has its full resistance range for classes.',
        fixes: ['Replaced the brake pad and freed the resistance screw.'],
        asks: ['Send a replacement brake pad assembly'],
      },
      {
        title: 'Rowing machine {n} display blank',
        asset: 'Rower #{n}',
        n: 6,
        locations: ['Fitness floor'],
        description: 'Monitor does not light up at all, new batteries did not help.',
        outcome: 'Rower {n} shows time, distance and pace again.',
        fixes: [
          'Replaced the monitor cable; display working.',
          'Fitted a new monitor under warranty.',
        ],
        asks: ['Replace the console display under warranty'],
        priority: 'low',
      },
      {
        title: 'Cable crossover pulley cable frayed',
        asset: 'Cable crossover',
        locations: ['Fitness floor'],
        description:
          'The left cable is visibly frayed near the top pulley. Taped off — it is a safety risk.',
        outcome: 'The cable crossover is safe to use with both cables replaced.',
        fixes: ['Both cables replaced and the pulleys inspected; safe to use.'],
        asks: ['Replace both cables on the crossover this week'],
        priority: 'high',
      },
      {
        title: 'Leg press seat will not lock',
        asset: 'Leg press',
        locations: ['Fitness floor'],
        description: 'The seat adjustment pin slips out, so the seat slides back during sets.',
        outcome: 'The leg press seat locks in every position.',
        fixes: ['Replaced the spring-loaded pin and checked every notch.'],
        asks: ['Supply a replacement seat pin'],
        priority: 'high',
      },
      {
        title: 'Dumbbell rack bracket loose',
        asset: 'Dumbbell rack',
        locations: ['Fitness floor', 'Gym'],
        description: 'The bottom bracket wobbles; the 20 kg pair nearly rolled off this morning.',
        outcome: 'The dumbbell rack is solid and every pair sits securely.',
        fixes: ['Re-bolted the bracket into the floor fixings.'],
      },
      {
        title: 'Stair climber {n} stops mid-workout',
        asset: 'Stair climber #{n}',
        n: 4,
        locations: ['Fitness floor'],
        description: 'Stops after about five minutes and shows error E7.',
        outcome: 'Stair climber {n} runs a full 30-minute workout without stopping.',
        fixes: ['Replaced the speed sensor; E7 gone after a 30-minute test.'],
        asks: ['Diagnose error E7 on the stair climber'],
      },
      {
        title: 'Smith machine safety catch sticks',
        asset: 'Smith machine',
        locations: ['Fitness floor'],
        description: 'The safety catch does not release smoothly on the right side.',
        outcome: 'Both safety catches engage and release smoothly.',
        fixes: ['Cleaned and lubricated the catch rails; adjusted the right catch.'],
        priority: 'high',
      },
      {
        title: 'Kettlebells worn and chipped in Studio A',
        asset: 'Kettlebell set',
        locations: ['Studio A'],
        description: 'Three kettlebells have chipped coating that scratches the floor.',
        outcome: 'Studio A has a full set of kettlebells in good condition.',
        fixes: ['Replaced the three chipped kettlebells from stock.'],
        asks: ['Order three 12 kg kettlebells'],
        priority: 'low',
      },
    ],
  },
  Facilities: {
    vendors: [
      'Maintenance',
      'BrightSpark Electrical',
      'City Plumbing Co.',
      'CoolAir HVAC',
      'Lakeside Locksmiths',
    ],
    templates: [
      {
        title: 'Lights flickering in {loc}',
        locations: ['Studio A', 'Studio B', 'Gym', 'Locker rooms', 'Office'],
        description:
          'Two ceiling panels flicker constantly; instructors say it gives people headaches.',
        outcome: 'Steady lighting in {loc}.',
        fixes: [
          'Replaced two LED drivers; lighting steady.',
          'Swapped the failing tubes and the starter.',
        ],
        asks: ['Replace the LED drivers in the ceiling panels'],
      },
      {
        title: 'Leak from the ceiling above {loc}',
        locations: ['Front desk', 'Gym', 'Locker rooms', "Kids' room"],
        description: 'Water dripping from a ceiling tile after the rain. Bucket in place.',
        outcome: 'No more leak, and the stained ceiling tile replaced.',
        fixes: [
          'Roofer sealed the flashing; tile replaced.',
          'Cleared a blocked gutter above; dry since.',
        ],
        asks: ['Find and seal the roof leak', 'Inspect the flat roof above the entrance'],
        priority: 'high',
      },
      {
        title: 'Shower {n} in the women’s locker room has no hot water',
        asset: 'Shower #{n}',
        n: 8,
        locations: ['Locker rooms'],
        description: 'Runs cold even after several minutes.',
        outcome: 'Shower {n} runs hot within a minute.',
        fixes: ['Replaced the thermostatic cartridge.'],
        asks: ['Replace the thermostatic mixing valve'],
      },
      {
        title: 'Toilet keeps running in the men’s locker room',
        asset: 'Toilet (men’s, stall 2)',
        locations: ['Locker rooms'],
        description: 'The cistern never stops filling; water bill concern.',
        outcome: 'The cistern fills and stops.',
        fixes: ['Replaced the fill valve and the flapper.'],
        priority: 'low',
      },
      {
        title: 'Air conditioning not cooling {loc}',
        asset: 'HVAC unit {n}',
        n: 4,
        locations: ['Studio A', 'Studio B', 'Fitness floor', 'Gym'],
        description: 'It was 29 °C in the room during the 6 pm class.',
        outcome: '{loc} stays below 22 °C during classes.',
        fixes: ['CoolAir recharged the refrigerant and replaced the filter.'],
        asks: ['Service the unit and check refrigerant levels'],
        priority: 'high',
      },
      {
        title: 'Parking lot light out near the entrance',
        asset: 'Light pole {n}',
        n: 9,
        locations: ['Parking lot'],
        description:
          'Dark corner by the entrance after 6 pm; members have mentioned feeling unsafe.',
        outcome: 'Every light in the parking lot works after dark.',
        fixes: ['BrightSpark replaced the lamp and the photocell.'],
        asks: ['Replace the lamp and check the photocell'],
      },
      {
        title: 'Studio B door closer slams',
        asset: 'Studio B door',
        locations: ['Studio B'],
        description: 'The door slams shut and disturbs the class next door.',
        outcome: 'The door closes slowly and quietly.',
        fixes: ['Adjusted the closer’s speed valve.', 'Fitted a new door closer.'],
        priority: 'low',
      },
      {
        title: 'Locker {n} lock jammed',
        asset: 'Locker {n}',
        n: 180,
        locations: ['Locker rooms'],
        description: 'A member’s belongings are locked in; the master key does not turn.',
        outcome: 'The member has their belongings back and the locker works.',
        fixes: ['Drilled the lock, returned the belongings and fitted a new lock.'],
        asks: ['Open the jammed locker and replace the lock'],
        priority: 'urgent',
        member: true,
      },
      {
        title: 'Loose floorboard in the gym',
        locations: ['Gym'],
        description: 'A floorboard near the basketball hoop lifts at the edge. Coned off.',
        outcome: 'The gym floor is flat and safe to play on.',
        fixes: ['Re-glued and pinned the board; sanded the edge.'],
        priority: 'high',
      },
      {
        title: 'Kids’ room window latch broken',
        locations: ["Kids' room"],
        description: 'The window can be pushed wide open — not safe with children in the room.',
        outcome: 'The window latch holds and the restrictor is fitted.',
        fixes: ['New latch and a 10 cm window restrictor fitted.'],
        priority: 'urgent',
      },
    ],
  },
  Aquatics: {
    vendors: [
      'AquaTech Pool Services',
      'Pool plant contractor',
      'PoolChem Supplies',
      'Maintenance',
    ],
    templates: [
      {
        title: 'Pool heater not reaching 28°C',
        asset: 'Pool heater',
        locations: ['Pool deck'],
        description: 'Main pool is at 25.5 °C this morning; the aqua-fit class complained.',
        outcome: 'The main pool holds 28 °C all day.',
        fixes: ['AquaTech replaced the thermostat; pool back at 28.2 °C.'],
        asks: ['Service the heat exchanger and the thermostat'],
        priority: 'high',
      },
      {
        title: 'Chlorine reading high in the main pool',
        locations: ['Pool deck'],
        description: 'Free chlorine at 4.5 ppm on the 7 am test.',
        outcome: 'Chlorine back in the 1–3 ppm range, with the doser checked.',
        fixes: ['Recalibrated the dosing pump; readings normal for 3 days.'],
        asks: ['Check and recalibrate the dosing pump'],
        priority: 'urgent',
      },
      {
        title: 'Lane rope {n} frayed',
        asset: 'Lane rope #{n}',
        n: 8,
        locations: ['Pool deck'],
        description: 'Several discs are cracked and the cable is fraying near the anchor.',
        outcome: 'Lane rope {n} is replaced or repaired before the next swim club night.',
        fixes: ['Fitted a new lane rope from stock.'],
        asks: ['Order a 25 m lane rope'],
        priority: 'low',
      },
      {
        title: 'Hot tub jets not working',
        asset: 'Hot tub',
        locations: ['Pool deck'],
        description: 'Only two of the eight jets run.',
        outcome: 'All hot tub jets run.',
        fixes: ['Cleared the blocked jet lines and replaced the air valve.'],
        asks: ['Inspect the hot tub blower and jets'],
      },
      {
        title: 'Pool vacuum robot will not start',
        asset: 'Pool robot',
        locations: ['Pool deck'],
        description: 'Power light on but the robot does not move.',
        outcome: 'The pool robot cleans the floor overnight again.',
        fixes: ['Replaced the drive motor under warranty.'],
        asks: ['Repair the pool robot under warranty'],
        priority: 'low',
      },
      {
        title: 'Lifeguard chair {n} wobbles',
        asset: 'Lifeguard chair {n}',
        n: 3,
        locations: ['Pool deck'],
        description: 'The chair moves when the lifeguard climbs up.',
        outcome: 'Lifeguard chair {n} is rock solid.',
        fixes: ['Tightened the base anchors and replaced a cracked foot.'],
        priority: 'high',
      },
      {
        title: 'Pool deck drain blocked near lane {n}',
        n: 6,
        locations: ['Pool deck'],
        description: 'Water pools on the deck; slip risk.',
        outcome: 'The deck drains freely and stays dry.',
        fixes: ['Cleared the drain and the grate; flushed the line.'],
        priority: 'high',
      },
      {
        title: 'Sauna heater cutting out',
        asset: 'Sauna heater',
        locations: ['Locker rooms'],
        description: 'Switches off after about 20 minutes.',
        outcome: 'The sauna holds temperature through opening hours.',
        fixes: ['Replaced the over-temperature sensor.'],
        asks: ['Diagnose the sauna heater cut-out'],
      },
      {
        title: 'Pool cover reel jammed',
        asset: 'Pool cover reel',
        locations: ['Pool deck'],
        description: 'The cover only rolls halfway out at closing.',
        outcome: 'The pool cover goes on fully every night.',
        fixes: ['Realigned the reel and replaced the worn bearing.'],
        asks: ['Repair the pool cover reel'],
      },
    ],
  },
  IT: {
    vendors: [
      'NetWorks IT support',
      'Printer vendor',
      'Booking system support',
      'Telecom provider',
    ],
    templates: [
      {
        title: 'Wi-Fi drops in {loc}',
        locations: ['Studio A', 'Studio B', 'Fitness floor', 'Gym', 'Pool deck'],
        description: 'Instructors lose the music stream several times per class.',
        outcome: 'Stable Wi-Fi in {loc} through a whole class.',
        fixes: ['Replaced the access point and moved it off the congested channel.'],
        asks: ['Replace the access point in {loc}'],
      },
      {
        title: 'Front desk printer jams on receipts',
        asset: 'Receipt printer',
        locations: ['Front desk'],
        description: 'Jams every few receipts; queues at check-in.',
        outcome: 'Receipts print reliably at the front desk.',
        fixes: ['Cleaned the paper path and replaced the worn roller.'],
        asks: ['Replace the receipt printer roller'],
      },
      {
        title: 'Card reader at turnstile {n} not scanning',
        asset: 'Turnstile {n}',
        n: 3,
        locations: ['Front desk'],
        description: 'Members have to be let in by hand.',
        outcome: 'Members can scan in at turnstile {n}.',
        fixes: ['Re-seated the reader cable and updated the firmware.'],
        asks: ['Replace the card reader module'],
        priority: 'high',
      },
      {
        title: 'Booking system slow at class sign-up',
        locations: ['Front desk', 'Office'],
        description: 'Takes 30 seconds to book a class at 7 am when the week opens.',
        outcome: 'Class booking responds in a couple of seconds at peak.',
        fixes: ['Vendor added capacity for the 7 am peak.'],
        asks: ['Investigate the booking slowdown at 7 am'],
      },
      {
        title: 'Lobby TV shows no signal',
        asset: 'Lobby TV',
        locations: ['Front desk'],
        description: 'The schedule screen has been blank since Monday.',
        outcome: 'The lobby TV shows the class schedule again.',
        fixes: ['Replaced the HDMI extender.'],
        priority: 'low',
      },
      {
        title: 'Studio A sound system cuts out',
        asset: 'Studio A sound system',
        locations: ['Studio A'],
        description: 'Audio drops for a few seconds every few minutes.',
        outcome: 'Uninterrupted sound through a whole class.',
        fixes: ['Replaced the faulty amplifier input cable.'],
        asks: ['Check the amplifier and the wireless receiver'],
      },
      {
        title: 'Office PC {n} will not boot',
        asset: 'Office PC {n}',
        n: 6,
        locations: ['Office'],
        description: 'Stuck on the logo screen.',
        outcome: 'PC {n} boots and has the usual software.',
        fixes: ['Replaced the failing disk and restored from the image.'],
      },
      {
        title: 'Payment terminal declines contactless',
        asset: 'Payment terminal {n}',
        n: 2,
        locations: ['Front desk'],
        description: 'Only chip-and-PIN works; contactless taps are declined.',
        outcome: 'Contactless payments work at the front desk.',
        fixes: ['Provider pushed a new terminal profile; contactless works.'],
        asks: ['Re-provision the terminal for contactless'],
        priority: 'high',
      },
    ],
  },
  Membership: {
    vendors: ['Finance', 'Billing team', 'Booking system support'],
    templates: [
      {
        title: 'Member card will not scan at entry',
        locations: ['Front desk'],
        description: 'The card is recognised as expired although the membership is paid up.',
        outcome: 'The member can scan in with their card.',
        fixes: ['Re-linked the card to the active membership.'],
        member: true,
      },
      {
        title: 'Member charged twice for the monthly fee',
        locations: ['Front desk', 'Office'],
        description: 'Two identical direct debits this month.',
        outcome: 'The duplicate charge is refunded and the member told.',
        fixes: ['Refund issued; member emailed the confirmation.'],
        asks: ['Refund the duplicate direct debit'],
        priority: 'high',
        member: true,
      },
      {
        title: 'Membership freeze not applied',
        locations: ['Front desk'],
        description: 'Member requested a two-month freeze for surgery; still being billed.',
        outcome: 'The freeze is in place and no fee is taken during it.',
        fixes: ['Freeze applied from the requested date; next charge moved.'],
        member: true,
      },
      {
        title: 'Add a child to a family membership',
        locations: ['Front desk'],
        description: 'Family wants their youngest added before swim lessons start.',
        outcome: 'The child is on the family plan and can book lessons.',
        fixes: ['Child added; lesson booking confirmed.'],
        priority: 'low',
        member: true,
      },
      {
        title: 'Refund for cancelled swim lessons',
        locations: ['Front desk', 'Office'],
        description: 'Lessons cancelled for the pool closure; member asked for a refund.',
        outcome: 'The member has the refund for the lessons that did not run.',
        fixes: ['Pro-rata refund processed.'],
        asks: ['Process a pro-rata refund'],
        member: true,
      },
      {
        title: 'Guest pass not showing in member account',
        locations: ['Front desk'],
        description: 'The member bought a 5-visit guest pass online; it is not on the account.',
        outcome: 'The guest pass is usable at the desk.',
        fixes: ['Payment matched and the pass added manually.'],
        priority: 'low',
        member: true,
      },
      {
        title: 'Senior discount not applied at renewal',
        locations: ['Front desk'],
        description: 'Member turned 65 in March; renewal charged the full rate.',
        outcome: 'The senior rate applies and the difference is refunded.',
        fixes: ['Rate corrected and the difference refunded.'],
        member: true,
      },
    ],
  },
  Programs: {
    vendors: ['Instructor agency', 'Marketing', 'Facilities'],
    templates: [
      {
        title: 'Cover instructor needed for Tuesday spin',
        locations: ['Studio A'],
        description: 'The regular instructor is away for three weeks.',
        outcome: 'Every Tuesday spin class runs with an instructor.',
        fixes: ['Cover booked for all three Tuesdays.'],
        asks: ['Find a qualified cover instructor'],
        priority: 'high',
      },
      {
        title: 'Yoga mats in {loc} worn out',
        asset: 'Yoga mats',
        locations: ['Studio A', 'Studio B'],
        description: 'Half the mats are torn or slippery.',
        outcome: '{loc} has 25 good mats.',
        fixes: ['25 new mats delivered and the old ones recycled.'],
        asks: ['Order 25 yoga mats'],
        priority: 'low',
      },
      {
        title: 'Kids’ camp sign-up form shows the wrong dates',
        locations: ["Kids' room", 'Office'],
        description: 'The online form says July 7–11 instead of July 14–18.',
        outcome: 'Parents see the right dates, and those already signed up are told.',
        fixes: ['Form corrected and an email sent to the 14 families signed up.'],
        asks: ['Correct the dates on the website form'],
        priority: 'high',
      },
      {
        title: 'Aqua aerobics class overbooked',
        locations: ['Pool deck'],
        description: 'Booking allowed 40 places; the pool safely takes 25.',
        outcome: 'Capacity set to 25 and the extra bookings moved to a second class.',
        fixes: ['Capacity fixed; a second Thursday class added for the overflow.'],
      },
      {
        title: 'Zumba speaker battery dead',
        asset: 'Portable speaker',
        locations: ['Studio B', 'Gym'],
        description: 'The portable speaker will not hold a charge for a full class.',
        outcome: 'A speaker that lasts a whole class.',
        fixes: ['Replaced the battery pack.'],
        priority: 'low',
      },
      {
        title: 'Pilates reformer {n} spring broken',
        asset: 'Reformer #{n}',
        n: 10,
        locations: ['Studio A'],
        description: 'The red spring snapped during class; nobody was hurt.',
        outcome: 'Reformer {n} has a full set of springs and is safety-checked.',
        fixes: ['New spring set fitted and all reformers checked.'],
        asks: ['Send a replacement spring set'],
        priority: 'high',
      },
      {
        title: 'Swim lessons clash with lane hire',
        locations: ['Pool deck'],
        description: 'Saturday 9 am lessons and the triathlon club lane hire overlap.',
        outcome: 'No clashes on the Saturday pool schedule.',
        fixes: ['Lane hire moved to 10:30; both parties agreed.'],
      },
      {
        title: 'Basketball league needs a scoreboard operator',
        locations: ['Gym'],
        description: 'No volunteer for the Wednesday evening games this month.',
        outcome: 'Every Wednesday game has a scoreboard operator.',
        fixes: ['Two volunteers rostered for the month.'],
        priority: 'low',
      },
    ],
  },
};

const genericContent: CategoryContent = {
  vendors: ['Maintenance', 'External contractor'],
  templates: [
    {
      title: 'Problem reported in {loc}',
      locations: [],
      description: 'Reported at the front desk.',
      outcome: 'The problem is fixed and the person who reported it is told.',
      fixes: ['Fixed and checked.'],
    },
  ],
};

const memberNames = [
  'J. Smith',
  'A. Johnson',
  'M. Brown',
  'L. Nguyen',
  'K. Williams',
  'R. Garcia',
  'S. Müller',
  'T. O’Brien',
  'P. Singh',
  'E. Rossi',
  'D. Kowalczyk',
  'H. Ahmed',
];

const text = {
  firstLook: [
    'Had a look this morning; it needs a part.',
    'Checked it with the duty manager — I’m on it.',
    'Put an out-of-order sign up in the meantime.',
    'Spoke to the member; they’re happy with the plan.',
    'Temporary fix in place; proper repair to follow.',
    'Photos taken and sent to the supplier.',
    'Reproduced it. Working out the cheapest fix.',
  ],
  reopenLook: [
    'Back on it — sorry, the first fix did not hold.',
    'Looking again; will check the root cause this time.',
  ],
  requester: [
    'Any news on this? Members keep asking.',
    'Still happening this morning.',
    'Thanks for the update!',
    'A member complained about this again today.',
    'It got worse over the weekend.',
  ],
  wait: [
    'Waiting for the replacement part to arrive.',
    'Waiting for the supplier to confirm a visit date.',
    'Waiting for the member to call back.',
    'Waiting on a quote before ordering.',
    'Waiting for a quiet slot to do the work.',
  ],
  waitHandoff: [
    'Waiting on the handoff before I can finish.',
    'Waiting for the contractor’s visit.',
    'Nothing more I can do until they report back.',
  ],
  start: [
    'Part arrived; fitting it today.',
    'Heard back — carrying on.',
    'Visit confirmed, back on it.',
    'Got the quote approved; going ahead.',
  ],
  followUp: [
    'Supplier says next week; I’ll chase on the date.',
    'Still waiting — new date from the supplier.',
    'Delayed at the warehouse; following up again then.',
  ],
  decline: [
    'I’m on leave this week — please route to someone else.',
    'This needs a contractor, not me.',
    'Not really equipment — it’s a building issue.',
    'Too much on before the swim gala; can someone else take it?',
  ],
  cancel: [
    'Duplicate of another request.',
    'Logged by mistake.',
    'No longer needed — the class was moved.',
    'Being replaced under the equipment renewal plan instead.',
    'The member withdrew the complaint.',
  ],
  reopen: [
    'It is happening again.',
    'The fix did not hold — same problem this morning.',
    'Only half fixed; the member says it is still not right.',
    'Worked for two days, then the same fault.',
  ],
  confirm: [
    'Works perfectly, thanks!',
    'The member is happy.',
    'Great, thank you for chasing it.',
    'All good now.',
  ],
  onBehalf: [
    'Confirmed with the requester by phone.',
    'Requester confirmed in person at the desk.',
  ],
  nudge: [
    'Can you give this a push? It has gone quiet.',
    'Please update the requester by the follow-up date.',
    'Members are asking — what is the plan?',
  ],
  escalate: [
    'Members complaining daily; raising the priority.',
    'Safety concern — treat as a priority.',
    'Affects a whole class; raising it.',
  ],
  handoffDone: [
    'Done — invoice to follow.',
    'Completed as asked.',
    'Visited and fixed it.',
    'Delivered.',
  ],
  handoffCancelled: [
    'They cannot come this month; fixing it in-house.',
    'No longer needed.',
    'Found a cheaper way to do it ourselves.',
  ],
  personAsk: [
    'Can you take a look and tell me what is needed?',
    'Can you fit this into tomorrow’s rota?',
    'Please sign off the cost.',
    'Can you check this on your side?',
  ],
  transfer: [
    'You know this one better than I do — can you own it?',
    'I’m off next week; can you take this over?',
  ],
  reassign: ['Reassigning: the previous owner has left.', 'Taking over from someone who left.'],
};

// ---------------------------------------------------------------- directory

interface Person {
  id: string;
  name: string;
  email: string;
  role: string;
  /** Deactivation time in ms; Infinity while active. */
  activeUntil: number;
  teamIds: string[];
  requesterWeight: number;
}

interface Team {
  id: string;
  name: string;
  members: Person[];
  leads: Person[];
}

interface Targets {
  own: number;
  quiet: number;
  resolve: number;
}

interface Category {
  id: string;
  name: string;
  team: Team;
  defaultOwner: Person | null;
  targets: Record<Priority, Targets>;
  content: CategoryContent;
  weight: number;
}

interface Directory {
  people: Person[];
  byId: Map<string, Person>;
  byEmail: Map<string, Person>;
  admins: Person[];
  categories: Category[];
  categoriesByName: Map<string, Category>;
  locations: Map<string, string>;
  locationIds: string[];
}

const toMs = (v: unknown): number =>
  v instanceof Date ? v.getTime() : new Date(String(v)).getTime();

const categoryWeights: Record<string, number> = {
  Equipment: 26,
  Facilities: 24,
  Aquatics: 16,
  IT: 12,
  Membership: 12,
  Programs: 10,
};

async function loadDirectory(db: Executor): Promise<Directory> {
  const peopleRows = rowsOf<{
    id: string;
    name: string;
    email: string;
    role: string;
    active: boolean;
    deactivated_at: unknown;
  }>(
    await db.execute(
      sql`select id, name, email, role, active, deactivated_at from people order by lower(email), id`,
    ),
  );
  const memberRows = rowsOf<{ team_id: string; person_id: string; is_lead: boolean }>(
    await db.execute(sql`select team_id, person_id, is_lead from team_members`),
  );
  const teamRows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from teams order by name`),
  );
  const categoryRows = rowsOf<{
    id: string;
    name: string;
    team_id: string;
    default_owner_id: string | null;
  }>(
    await db.execute(
      sql`select id, name, team_id, default_owner_id from categories where active order by name`,
    ),
  );
  const targetRows = rowsOf<{
    category_id: string;
    priority: Priority;
    own_within_minutes: number;
    quiet_for_minutes: number;
    resolve_within_minutes: number;
  }>(
    await db.execute(
      sql`select category_id, priority, own_within_minutes, quiet_for_minutes, resolve_within_minutes from category_targets`,
    ),
  );
  const locationRows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from locations where active order by name`),
  );

  const people: Person[] = peopleRows.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email.toLowerCase(),
    role: p.role,
    // Deactivated without a date: gone since before the demo year.
    activeUntil: p.active
      ? Number.POSITIVE_INFINITY
      : p.deactivated_at
        ? toMs(p.deactivated_at)
        : 0,
    teamIds: [],
    requesterWeight: 1,
  }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const teams = new Map<string, Team>(
    teamRows.map((t) => [t.id, { id: t.id, name: t.name, members: [], leads: [] }]),
  );
  const sortedMembers = [...memberRows].sort((a, b) =>
    a.team_id === b.team_id ? (a.person_id < b.person_id ? -1 : 1) : a.team_id < b.team_id ? -1 : 1,
  );
  for (const m of sortedMembers) {
    const team = teams.get(m.team_id);
    const person = byId.get(m.person_id);
    if (!team || !person) continue;
    person.teamIds.push(team.id);
    (m.is_lead ? team.leads : team.members).push(person);
  }
  for (const team of teams.values()) {
    const byEmail = (a: Person, b: Person) => (a.email < b.email ? -1 : 1);
    team.members.sort(byEmail);
    team.leads.sort(byEmail);
  }
  for (const p of people) {
    const frontDesk = p.teamIds.some((id) => teams.get(id)?.name === 'Front Desk');
    p.requesterWeight =
      p.email === demoSignIns.staff ? 5 : frontDesk ? 3 : p.role === 'admin' ? 0.4 : 1.2;
  }

  const targetsByCategory = new Map<string, Partial<Record<Priority, Targets>>>();
  for (const t of targetRows) {
    const m = targetsByCategory.get(t.category_id) ?? {};
    m[t.priority] = {
      own: t.own_within_minutes * MIN,
      quiet: t.quiet_for_minutes * MIN,
      resolve: t.resolve_within_minutes * MIN,
    };
    targetsByCategory.set(t.category_id, m);
  }
  const categories: Category[] = [];
  for (const c of categoryRows) {
    const team = teams.get(c.team_id);
    if (!team) continue;
    const own = targetsByCategory.get(c.id) ?? {};
    const targets = Object.fromEntries(
      priorities.map((p) => {
        const d = defaultTargets[p];
        return [
          p,
          own[p] ?? {
            own: d.ownWithinMinutes * MIN,
            quiet: d.quietForMinutes * MIN,
            resolve: d.resolveWithinMinutes * MIN,
          },
        ];
      }),
    ) as Record<Priority, Targets>;
    categories.push({
      id: c.id,
      name: c.name,
      team,
      defaultOwner: c.default_owner_id ? (byId.get(c.default_owner_id) ?? null) : null,
      targets,
      content: content[c.name] ?? genericContent,
      weight: categoryWeights[c.name] ?? 10,
    });
  }
  return {
    people,
    byId,
    byEmail: new Map(people.map((p) => [p.email, p])),
    admins: people.filter((p) => p.role === 'admin'),
    categories,
    categoriesByName: new Map(categories.map((c) => [c.name, c])),
    locations: new Map(locationRows.map((l) => [l.name, l.id])),
    locationIds: locationRows.map((l) => l.id),
  };
}

// ---------------------------------------------------------------- one request

interface Ev {
  a: string | null;
  y: string;
  t: number;
  d: Record<string, unknown>;
}

interface Handoff {
  id: string;
  toText: string;
  toPersonId: string | null;
  ask: string;
  expectedBy: number;
  status: 'open' | 'done' | 'cancelled';
  createdById: string;
  createdAt: number;
  completedAt: number | null;
  completedById: string | null;
  note: string | null;
}

interface NewRequest {
  title: string;
  description: string;
  desiredOutcome: string;
  category: Category;
  locationId: string | null;
  asset: string | null;
  priority: Priority;
  requester: Person;
  onBehalfOf: string | null;
  createdAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One request being written: each action appends its event and updates the row, as the server would. */
class Req {
  readonly id: string;
  readonly f: NewRequest;
  priority: Priority;
  status: Status = 'new';
  ownerId: string | null = null;
  pendingOwnerId: string | null = null;
  offeredAt: number | null = null;
  ownedAt: number | null = null;
  nextFollowUpAt: number | null = null;
  followUpSetAt: number | null = null;
  resolvedAt: number | null = null;
  closedAt: number | null = null;
  closeReason: 'confirmed' | 'auto_confirmed' | 'cancelled' | null = null;
  reopenCount = 0;
  lastReopenedAt: number | null = null;
  readonly handoffs: Handoff[] = [];
  readonly events: Ev[] = [];
  /** Resolution summaries that fit (from the template). */
  fixes: readonly string[] = [];
  /** Handoff asks that fit (from the template). */
  asks: readonly string[] = [];
  /** Time of the latest event. */
  t: number;

  constructor(
    id: string,
    f: NewRequest,
    private readonly newId: () => string,
  ) {
    this.id = id;
    this.f = f;
    this.priority = f.priority;
    this.t = f.createdAt;
    this.ev(f.requester.id, 'created', f.createdAt, {
      title: f.title,
      priority: f.priority,
      categoryId: f.category.id,
      desiredOutcome: f.desiredOutcome,
    });
  }

  get targets(): Targets {
    return this.f.category.targets[this.priority];
  }

  get openHandoffs(): Handoff[] {
    return this.handoffs.filter((h) => h.status === 'open');
  }

  private ev(a: string | null, y: string, t: number, d: Record<string, unknown>) {
    if (t < this.t) throw new Error(`seed: event ${y} at ${iso(t)} before ${iso(this.t)}`);
    this.t = t;
    this.events.push({ a, y, t, d });
  }

  private own(personId: string, t: number) {
    this.ownerId = personId;
    this.ownedAt ??= t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    if (this.status === 'new') this.status = 'in_progress';
  }

  offer(
    actor: string | null,
    to: string,
    t: number,
    opts: { note?: string; routed?: boolean } = {},
  ) {
    this.pendingOwnerId = to;
    this.offeredAt = t;
    const d: Record<string, unknown> = { to };
    if (opts.note) d.note = opts.note;
    if (opts.routed) {
      d.routed = true;
      d.reason = 'default owner of the category';
    }
    this.ev(actor, 'ownership_offered', t, d);
  }

  accept(t: number, note?: string) {
    const who = this.pendingOwnerId!;
    const from = this.ownerId;
    this.own(who, t);
    this.ev(who, 'ownership_accepted', t, note ? { from, note } : { from });
  }

  decline(t: number, reason: string) {
    const who = this.pendingOwnerId!;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.ev(who, 'ownership_declined', t, { reason });
  }

  assign(actor: string, to: string, t: number, note?: string) {
    const from = this.ownerId;
    this.own(to, t);
    const d: Record<string, unknown> = { to, from };
    if (note) d.note = note;
    this.ev(actor, 'ownership_assigned', t, d);
  }

  take(actor: string, t: number, note?: string) {
    this.own(actor, t);
    this.ev(actor, 'ownership_taken', t, note ? { note } : {});
  }

  wait(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.status = 'waiting';
    this.nextFollowUpAt = nextFollowUpAt;
    this.followUpSetAt = t;
    this.ev(actor, 'status_changed', t, {
      from: 'in_progress',
      to: 'waiting',
      note,
      nextFollowUpAt: iso(nextFollowUpAt),
    });
  }

  start(actor: string, t: number, note?: string) {
    this.status = 'in_progress';
    const d: Record<string, unknown> = { from: 'waiting', to: 'in_progress' };
    if (note) d.note = note;
    this.ev(actor, 'status_changed', t, d);
  }

  followUp(actor: string, t: number, at: number, note?: string) {
    this.nextFollowUpAt = at;
    this.followUpSetAt = t;
    const d: Record<string, unknown> = { at: iso(at) };
    if (note) d.note = note;
    this.ev(actor, 'follow_up_set', t, d);
  }

  handoff(
    actor: string,
    t: number,
    to: { text: string; personId?: string },
    ask: string,
    expectedBy: number,
  ) {
    const h: Handoff = {
      id: this.newId(),
      toText: to.text,
      toPersonId: to.personId ?? null,
      ask,
      expectedBy,
      status: 'open',
      createdById: actor,
      createdAt: t,
      completedAt: null,
      completedById: null,
      note: null,
    };
    this.handoffs.push(h);
    const d: Record<string, unknown> = { handoffId: h.id, to: to.text };
    if (to.personId) d.toPersonId = to.personId;
    d.ask = ask;
    d.expectedBy = iso(expectedBy);
    this.ev(actor, 'handoff_created', t, d);
    return h;
  }

  closeHandoff(actor: string, t: number, h: Handoff, status: 'done' | 'cancelled', note?: string) {
    h.status = status;
    h.completedAt = t;
    h.completedById = actor;
    h.note = note ?? null;
    const d: Record<string, unknown> = { handoffId: h.id };
    if (note) d.note = note;
    this.ev(actor, status === 'done' ? 'handoff_completed' : 'handoff_cancelled', t, d);
  }

  comment(actor: string, t: number, body: string) {
    this.ev(actor, 'comment', t, { body });
  }

  resolve(actor: string, t: number, summary: string) {
    if (this.openHandoffs.length > 0) throw new Error('seed: resolve with an open handoff');
    this.status = 'resolved';
    this.resolvedAt = t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.nextFollowUpAt = null;
    this.ev(actor, 'resolved', t, { summary });
  }

  confirm(actor: string, t: number, opts: { note?: string; rating?: number; onBehalf?: boolean }) {
    this.status = 'closed';
    this.closeReason = 'confirmed';
    this.closedAt = t;
    const d: Record<string, unknown> = {};
    if (opts.note) d.note = opts.note;
    if (opts.rating) d.rating = opts.rating;
    if (opts.onBehalf) d.onBehalf = true;
    this.ev(actor, 'confirmed', t, d);
  }

  autoConfirm(t: number) {
    this.status = 'closed';
    this.closeReason = 'auto_confirmed';
    this.closedAt = t;
    this.ev(null, 'auto_confirmed', t, {});
  }

  reopen(actor: string, t: number, reason: string) {
    const from = this.status;
    this.status = 'in_progress';
    this.closeReason = null;
    this.closedAt = null;
    this.reopenCount += 1;
    this.lastReopenedAt = t;
    this.ev(actor, 'reopened', t, { reason, from });
  }

  cancel(actor: string, t: number, reason: string) {
    for (const h of this.openHandoffs)
      this.closeHandoff(actor, t, h, 'cancelled', 'Request cancelled');
    this.status = 'closed';
    this.closeReason = 'cancelled';
    this.closedAt = t;
    this.pendingOwnerId = null;
    this.offeredAt = null;
    this.nextFollowUpAt = null;
    this.ev(actor, 'cancelled', t, { reason });
  }

  nudge(actor: string, t: number, note: string, nextFollowUpAt: number) {
    this.nextFollowUpAt = nextFollowUpAt;
    this.followUpSetAt = t;
    this.ev(actor, 'nudged', t, {
      note,
      nextFollowUpAt: iso(nextFollowUpAt),
      owner: this.ownerId,
    });
  }

  escalate(actor: string, t: number, note: string, priority: Priority) {
    const from = this.priority;
    this.priority = priority;
    this.ev(actor, 'escalated', t, { note, priority, from });
  }

  /** The row, derived from the state the events produced. */
  toRow(i: number): Record<string, unknown> {
    const f = this.f;
    let lastOwnerActivity: number | null = null;
    // The owner's latest event; an assignment starts the new owner's clock (as the server does).
    const owner = this.ownerId;
    if (owner) {
      for (const e of this.events) {
        if (e.a === owner || (e.y === 'ownership_assigned' && e.d.to === owner))
          lastOwnerActivity = e.t;
      }
    }
    let openCount = 0;
    let openDue = Number.POSITIVE_INFINITY;
    for (const h of this.handoffs) {
      if (h.status !== 'open') continue;
      openCount++;
      if (h.expectedBy < openDue) openDue = h.expectedBy;
    }
    const opt = (ms: number | null) => (ms === null ? undefined : iso(ms));
    return {
      i,
      id: this.id,
      title: f.title,
      descr: f.description,
      outcome: f.desiredOutcome,
      cat: f.category.id,
      loc: f.locationId ?? undefined,
      asset: f.asset ?? undefined,
      prio: this.priority,
      req: f.requester.id,
      obo: f.onBehalfOf ?? undefined,
      own: this.ownerId ?? undefined,
      pend: this.pendingOwnerId ?? undefined,
      offat: opt(this.offeredAt),
      st: this.status,
      cr: this.closeReason ?? undefined,
      tgt: iso(f.createdAt + this.targets.resolve),
      nfu: opt(this.nextFollowUpAt),
      fus: opt(this.followUpSetAt),
      loa: opt(lastOwnerActivity),
      oh: openCount,
      ohd: openCount > 0 ? iso(openDue) : undefined,
      ca: iso(f.createdAt),
      ua: iso(this.t),
      owa: opt(this.ownedAt),
      rsa: opt(this.resolvedAt),
      cla: opt(this.closedAt),
      rc: this.reopenCount,
      lra: opt(this.lastReopenedAt),
      v: this.events.length,
    };
  }
}

// ---------------------------------------------------------------- the story

interface Sim {
  now: number;
  rnd: () => number;
  dir: Directory;
}

const between = (g: Sim, a: number, b: number) => a + (b - a) * g.rnd();
const chance = (g: Sim, p: number) => g.rnd() < p;
const pick = <T>(g: Sim, xs: readonly T[]): T => xs[Math.floor(g.rnd() * xs.length)]!;
const activeAt = (p: Person, t: number) => p.activeUntil > t;
const secondsUp = (ms: number) => Math.ceil(ms / 1000) * 1000;
const hourUp = (ms: number) => Math.ceil(ms / HOUR) * HOUR;

/** The time `delay` after the request's last event, or null when that is past `now` (the story stops). */
function after(b: Req, g: Sim, delay: number): number | null {
  const t = secondsUp(b.t + Math.max(1000, delay));
  return t > g.now ? null : t;
}

function atOrAfter(b: Req, g: Sim, when: number): number | null {
  return after(b, g, when - b.t);
}

function leadFor(g: Sim, c: Category, t: number): Person {
  return (
    c.team.leads.find((p) => activeAt(p, t)) ??
    g.dir.admins.find((p) => activeAt(p, t)) ??
    g.dir.people.find((p) => activeAt(p, t))!
  );
}

function ownerFor(g: Sim, c: Category, t: number, except?: string | null): Person {
  const ok = (p: Person) => activeAt(p, t) && p.id !== except;
  const members = c.team.members.filter(ok);
  if (members.length > 0 && chance(g, 0.9)) return pick(g, members);
  const leads = c.team.leads.filter(ok);
  if (leads.length > 0) return pick(g, leads);
  if (members.length > 0) return pick(g, members);
  return g.dir.admins.find(ok) ?? g.dir.people.find(ok) ?? g.dir.people[0]!;
}

/**
 * The owner's next step, `delay` from now; when the owner has left by then,
 * their lead reassigns the request first (owners must be active people).
 */
function ownerStep(b: Req, g: Sim, delay: number): number | null {
  let t = after(b, g, delay);
  if (t === null) return null;
  const owner = g.dir.byId.get(b.ownerId!)!;
  if (!activeAt(owner, t)) {
    const c = b.f.category;
    b.assign(leadFor(g, c, t).id, ownerFor(g, c, t, owner.id).id, t, pick(g, text.reassign));
    t = after(b, g, between(g, 0.5, 3) * HOUR);
  }
  return t;
}

/** An offer is answered: accepted, or declined and then assigned by the lead. */
function answerOffer(b: Req, g: Sim, delay: number, acceptRate: number): boolean {
  const t = after(b, g, delay);
  if (t === null) return false;
  const c = b.f.category;
  const to = g.dir.byId.get(b.pendingOwnerId!)!;
  if (!activeAt(to, t)) {
    // They left before answering: the lead assigns someone else, which clears the offer.
    b.assign(leadFor(g, c, t).id, ownerFor(g, c, t, to.id).id, t, pick(g, text.reassign));
    return true;
  }
  if (chance(g, acceptRate)) {
    b.accept(t, chance(g, 0.2) ? 'On it.' : undefined);
    return true;
  }
  b.decline(t, pick(g, text.decline));
  if (b.ownerId !== null) return true; // a transfer that fell through: the owner keeps it
  const t2 = after(b, g, b.targets.own * between(g, 0.05, 0.5));
  if (t2 === null) return false;
  b.assign(leadFor(g, c, t2).id, ownerFor(g, c, t2, to.id).id, t2);
  return true;
}

/** From creation to an owner. False when the story stopped (or the request was cancelled). */
function routeAndOwn(b: Req, g: Sim): boolean {
  const c = b.f.category;
  const T = b.targets;
  const t0 = b.f.createdAt;
  const requester = b.f.requester;
  if (c.defaultOwner && activeAt(c.defaultOwner, t0)) {
    if (c.defaultOwner.id === requester.id) {
      b.take(requester.id, t0, 'Default owner of the category');
      return true;
    }
    b.offer(null, c.defaultOwner.id, t0, { routed: true });
    const delay = T.own * (chance(g, 0.85) ? between(g, 0.02, 0.7) : between(g, 1, 3));
    return answerOffer(b, g, delay, 0.9);
  }
  const delay = T.own * (chance(g, 0.8) ? between(g, 0.03, 0.9) : between(g, 1, 4));
  const t = after(b, g, delay);
  if (t === null) return false;
  if (chance(g, 0.015)) {
    b.cancel(leadFor(g, c, t).id, t, pick(g, text.cancel));
    return false;
  }
  const x = g.rnd();
  const lead = leadFor(g, c, t);
  const who = ownerFor(g, c, t);
  if (x < 0.55 || who.id === lead.id) {
    b.take(who.id, t);
    return true;
  }
  if (x < 0.8) {
    b.assign(lead.id, who.id, t);
    return true;
  }
  b.offer(lead.id, who.id, t);
  return answerOffer(b, g, T.own * between(g, 0.02, 0.6), 0.88);
}

function handoffFlow(b: Req, g: Sim, extra: number): boolean {
  const T = b.targets;
  const c = b.f.category;
  const at = ownerStep(b, g, extra + T.resolve * between(g, 0.02, 0.15));
  if (at === null) return false;
  const owner = b.ownerId!;
  let to: { text: string; personId?: string };
  let ask: string;
  const toPerson = chance(g, 0.35);
  const others = g.dir.people.filter(
    (p) => p.id !== owner && activeAt(p, at) && p.role !== 'admin',
  );
  if (toPerson && others.length > 0) {
    const p = pick(g, others);
    to = { text: p.name, personId: p.id };
    ask = pick(g, text.personAsk);
  } else {
    to = { text: pick(g, c.content.vendors) };
    ask = b.asks.length > 0 ? pick(g, b.asks) : `Please fix: ${b.f.title}`;
  }
  const expectedBy = hourUp(at + Math.max(2 * HOUR, T.resolve * between(g, 0.15, 0.45)));
  const h = b.handoff(owner, at, to, ask, expectedBy);
  if (b.status === 'in_progress' && chance(g, 0.45)) {
    const tw = ownerStep(b, g, between(g, 1, 30) * MIN);
    if (tw === null) return false;
    b.wait(b.ownerId!, tw, pick(g, text.waitHandoff), expectedBy + between(g, 2, 24) * HOUR);
  }
  const r = g.rnd();
  const f = r < 0.7 ? between(g, 0.3, 1) : r < 0.95 ? between(g, 1, 2) : between(g, 2, 4);
  const doneAt = h.createdAt + (expectedBy - h.createdAt) * f;
  if (f > 1.3 && chance(g, 0.35)) {
    const nudgeAt = expectedBy + T.quiet * between(g, 0.1, 0.5);
    if (nudgeAt < doneAt) {
      const tn = atOrAfter(b, g, nudgeAt);
      if (tn === null) return false;
      b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
    }
  }
  const td = atOrAfter(b, g, doneAt);
  if (td === null) return false;
  const done = chance(g, 0.9);
  const person = h.toPersonId ? g.dir.byId.get(h.toPersonId) : undefined;
  const note = done
    ? chance(g, 0.6)
      ? pick(g, text.handoffDone)
      : undefined
    : pick(g, text.handoffCancelled);
  if (done && person && activeAt(person, td) && chance(g, 0.7)) {
    b.closeHandoff(person.id, td, h, 'done', note);
  } else {
    // The owner records it (after a reassignment if they have left).
    const ts = ownerStep(b, g, td - b.t);
    if (ts === null) return false;
    b.closeHandoff(b.ownerId!, ts, h, done ? 'done' : 'cancelled', note);
  }
  if (b.status === 'waiting') {
    const ts = ownerStep(b, g, between(g, 0.5, 6) * HOUR);
    if (ts === null) return false;
    b.start(b.ownerId!, ts, pick(g, text.start));
  }
  return true;
}

function waitFlow(b: Req, g: Sim, extra: number): boolean {
  const T = b.targets;
  const c = b.f.category;
  const tw = ownerStep(b, g, extra + T.quiet * between(g, 0.05, 0.5));
  if (tw === null) return false;
  const fu = hourUp(tw + T.resolve * between(g, 0.08, 0.3));
  b.wait(b.ownerId!, tw, pick(g, text.wait), fu);
  for (let pushes = 0; ; pushes++) {
    const late = chance(g, 0.28);
    const f = late ? between(g, 1.05, 2.5) : between(g, 0.4, 1);
    const setAt = b.followUpSetAt!;
    const due = b.nextFollowUpAt!;
    const actAt = setAt + (due - setAt) * f;
    if (late && chance(g, 0.4)) {
      const nudgeAt = due + T.quiet * between(g, 0.1, 0.6);
      if (nudgeAt < actAt) {
        const tn = atOrAfter(b, g, nudgeAt);
        if (tn === null) return false;
        b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
      }
    }
    const t = ownerStep(b, g, actAt - b.t);
    if (t === null) return false;
    if (pushes < 2 && chance(g, 0.3)) {
      b.followUp(
        b.ownerId!,
        t,
        hourUp(t + T.resolve * between(g, 0.05, 0.2)),
        pick(g, text.followUp),
      );
      continue;
    }
    b.start(b.ownerId!, t, pick(g, text.start));
    return true;
  }
}

/** One round of work, ending resolved. False when the story stopped or the request was cancelled. */
function work(b: Req, g: Sim, round: number): boolean {
  const c = b.f.category;
  if (chance(g, round === 0 ? 0.55 : 0.8)) {
    const t = ownerStep(b, g, b.targets.quiet * between(g, 0.02, 0.4));
    if (t === null) return false;
    b.comment(b.ownerId!, t, pick(g, round === 0 ? text.firstLook : text.reopenLook));
  }
  // Now and then a request is forgotten for a while.
  let extra = chance(g, 0.015) ? b.targets.resolve * between(g, 0.8, 3) : 0;
  if (extra > 0 && chance(g, 0.5)) {
    const tn = after(b, g, b.targets.quiet * between(g, 1.1, 2));
    if (tn === null) return false;
    b.nudge(leadFor(g, c, tn).id, tn, pick(g, text.nudge), hourUp(tn + between(g, 1, 2) * DAY));
  }
  if (chance(g, 0.05)) {
    const t = ownerStep(b, g, extra + b.targets.quiet * between(g, 0.05, 0.5));
    if (t === null) return false;
    extra = 0;
    const to = ownerFor(g, c, t, b.ownerId);
    if (to.id !== b.ownerId) {
      b.offer(b.ownerId!, to.id, t, { note: pick(g, text.transfer) });
      if (!answerOffer(b, g, b.targets.own * between(g, 0.05, 0.8), 0.8)) return false;
    }
  }
  if (round === 0 && b.priority !== 'urgent' && chance(g, 0.02)) {
    const t = after(b, g, extra + b.targets.quiet * between(g, 0.3, 1.2));
    if (t === null) return false;
    extra = 0;
    const up = priorities[priorities.indexOf(b.priority) + 1]!;
    b.escalate(leadFor(g, c, t).id, t, pick(g, text.escalate), up);
  }
  if (chance(g, round === 0 ? 0.03 : 0.01)) {
    const t = ownerStep(b, g, extra + b.targets.resolve * between(g, 0.05, 0.5));
    if (t === null) return false;
    b.cancel(b.ownerId!, t, pick(g, text.cancel));
    return false;
  }
  if (chance(g, round === 0 ? 0.32 : 0.2)) {
    const n = chance(g, 0.15) ? 2 : 1;
    for (let i = 0; i < n; i++) {
      if (!handoffFlow(b, g, extra)) return false;
      extra = 0;
    }
  }
  if (chance(g, 0.3)) {
    if (!waitFlow(b, g, extra)) return false;
    extra = 0;
  }
  if (chance(g, 0.12)) {
    const t = after(b, g, b.targets.quiet * between(g, 0.1, 0.8));
    if (t === null) return false;
    if (activeAt(b.f.requester, t)) b.comment(b.f.requester.id, t, pick(g, text.requester));
  }
  const t = ownerStep(b, g, extra + b.targets.resolve * between(g, 0.03, 0.25));
  if (t === null) return false;
  b.resolve(b.ownerId!, t, b.fixes.length > 0 ? pick(g, b.fixes) : 'Fixed and checked.');
  return true;
}

function rating(g: Sim): number {
  const x = g.rnd();
  return x < 0.5 ? 5 : x < 0.8 ? 4 : x < 0.92 ? 3 : x < 0.97 ? 2 : 1;
}

/** Who reopens: the requester, or (when they have left) the owner, or the lead. */
function reopener(b: Req, g: Sim, t: number): string {
  if (activeAt(b.f.requester, t)) return b.f.requester.id;
  const owner = g.dir.byId.get(b.ownerId!)!;
  return activeAt(owner, t) ? owner.id : leadFor(g, b.f.category, t).id;
}

/** After a resolve: confirmed, auto-confirmed or reopened. True when reopened (work again). */
function afterResolve(b: Req, g: Sim, round: number): boolean {
  const requester = b.f.requester;
  const resolvedAt = b.t;
  const canReopen = b.reopenCount < 3;
  const x = g.rnd();
  const reopenP = canReopen ? (round === 0 ? 0.035 : 0.12) : 0;
  if (x < reopenP) {
    const t = after(b, g, between(g, 2 * HOUR, 4 * DAY));
    if (t === null) return false;
    const by = reopener(b, g, t);
    b.reopen(by, t, pick(g, text.reopen));
    return true;
  }
  if (x < reopenP + 0.6) {
    const t = after(b, g, 10 * MIN + 4.4 * DAY * g.rnd() ** 2);
    if (t !== null && activeAt(requester, t)) {
      b.confirm(requester.id, t, {
        rating: chance(g, 0.7) ? rating(g) : undefined,
        note: chance(g, 0.4) ? pick(g, text.confirm) : undefined,
      });
    }
  } else if (x < reopenP + 0.63) {
    const t = after(b, g, between(g, 1, 4.5) * DAY);
    if (t !== null) {
      b.confirm(leadFor(g, b.f.category, t).id, t, {
        note: pick(g, text.onBehalf),
        onBehalf: true,
      });
    }
  }
  if (b.status === 'resolved') {
    // Dated when the quiet period ended, as the server's auto-confirm job does.
    const t = atOrAfter(b, g, resolvedAt + AUTO_CONFIRM_MS);
    if (t === null) return false;
    b.autoConfirm(t);
  }
  if (canReopen && chance(g, round === 0 ? 0.025 : 0.1)) {
    const t = after(b, g, between(g, 0.5 * DAY, REOPEN_WINDOW_MS - DAY));
    if (t === null) return false;
    const by = reopener(b, g, t);
    b.reopen(by, t, pick(g, text.reopen));
    return true;
  }
  return false;
}

function simulate(b: Req, g: Sim) {
  if (!routeAndOwn(b, g)) return;
  for (let round = 0; round < 4; round++) {
    if (!work(b, g, round)) return;
    if (!afterResolve(b, g, round)) return;
  }
}

// ---------------------------------------------------------------- new requests

const weightedPick = <T>(g: Sim, xs: readonly T[], weight: (x: T) => number): T => {
  let total = 0;
  for (const x of xs) total += weight(x);
  let r = g.rnd() * total;
  for (const x of xs) {
    r -= weight(x);
    if (r < 0) return x;
  }
  return xs[xs.length - 1]!;
};

const basePriority: [Priority, number][] = [
  ['low', 0.18],
  ['normal', 0.58],
  ['high', 0.19],
  ['urgent', 0.05],
];

function newBulkRequest(
  g: Sim,
  createdAt: number,
): { f: NewRequest; fixes: string[]; asks: string[] } {
  const dir = g.dir;
  const category = weightedPick(g, dir.categories, (c) => c.weight);
  const tpl = pick(g, category.content.templates);
  const n = tpl.n ? String(1 + Math.floor(g.rnd() * tpl.n)) : '';
  const known = tpl.locations.filter((l) => dir.locations.has(l));
  const locName = known.length > 0 ? pick(g, known) : null;
  let locationId = locName ? dir.locations.get(locName)! : null;
  if (!locationId && dir.locationIds.length > 0 && chance(g, 0.5))
    locationId = pick(g, dir.locationIds);
  const fill = (s: string) => s.replaceAll('{n}', n).replaceAll('{loc}', locName ?? 'the building');
  const priority =
    tpl.priority && chance(g, 0.6) ? tpl.priority : weightedPick(g, basePriority, (p) => p[1])[0];
  let requester = weightedPick(g, dir.people, (p) =>
    activeAt(p, createdAt) ? p.requesterWeight : 0,
  );
  if (!activeAt(requester, createdAt))
    requester = dir.people.find((p) => activeAt(p, createdAt)) ?? requester;
  const onBehalfOf =
    tpl.member || chance(g, 0.08)
      ? `Member: ${pick(g, memberNames)} (#${10_000 + Math.floor(g.rnd() * 9000)})`
      : null;
  return {
    fixes: tpl.fixes.map(fill),
    asks: (tpl.asks ?? []).map(fill),
    f: {
      title: fill(tpl.title),
      description: fill(tpl.description),
      desiredOutcome: fill(tpl.outcome),
      category,
      locationId,
      asset: tpl.asset ? fill(tpl.asset) : null,
      priority,
      requester,
      onBehalfOf,
      createdAt,
    },
  };
}

/**
 * Creation times over the year before `now`: opening hours (06:00–21:30
 * UTC), quieter at weekends, a little busier as the year goes on. Returns
 * the i-th of `count` times, non-decreasing in i.
 */
function creationClock(now: number, count: number, rnd: () => number): (i: number) => number {
  const firstDay = Math.floor((now - 365 * DAY) / DAY) * DAY;
  const days: { start: number; span: number; cum: number }[] = [];
  let total = 0;
  for (let d = firstDay; d <= now; d += DAY) {
    const open = Math.max(d + 6 * HOUR, now - 365 * DAY);
    const close = Math.min(d + 21.5 * HOUR, now - 10 * MIN);
    if (close <= open) continue;
    const dow = new Date(d).getUTCDay();
    const growth = 0.85 + (0.3 * (d - firstDay)) / (365 * DAY);
    const w = (dow === 0 ? 0.6 : dow === 6 ? 0.8 : 1) * growth * ((close - open) / (15.5 * HOUR));
    total += w;
    days.push({ start: open, span: close - open, cum: total });
  }
  let k = 0;
  return (i: number) => {
    const p = ((i + rnd()) / count) * total;
    while (k < days.length - 1 && days[k]!.cum < p) k++;
    const day = days[k]!;
    const before = k > 0 ? days[k - 1]!.cum : 0;
    const frac = Math.min(1, Math.max(0, (p - before) / (day.cum - before)));
    return Math.floor((day.start + frac * day.span) / 1000) * 1000;
  };
}

// ---------------------------------------------------------------- scenarios

interface Scenario {
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
function scenarios(dir: Directory, now: number): Scenario[] {
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
        b.offer(null, dana.id, b.t, { routed: true });
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
        b.offer(null, dana.id, b.t, { routed: true });
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
        b.offer(null, dana.id, b.t, { routed: true });
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
        b.offer(null, dana.id, b.t, { routed: true });
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
        b.offer(lee.id, dana.id, ago(2), { note: 'You fitted these last time — can you own it?' });
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

// ---------------------------------------------------------------- writing

interface Batch {
  requests: Record<string, unknown>[];
  events: Record<string, unknown>[];
  handoffs: Record<string, unknown>[];
}

function addToBatch(batch: Batch, b: Req) {
  batch.requests.push(b.toRow(batch.requests.length));
  for (const e of b.events) {
    batch.events.push({
      o: batch.events.length,
      r: b.id,
      a: e.a ?? undefined,
      y: e.y,
      t: iso(e.t),
      d: e.d,
    });
  }
  for (const h of b.handoffs) {
    batch.handoffs.push({
      id: h.id,
      r: b.id,
      tt: h.toText,
      tp: h.toPersonId ?? undefined,
      ask: h.ask,
      eb: iso(h.expectedBy),
      st: h.status,
      cb: h.createdById,
      ca: iso(h.createdAt),
      xa: h.completedAt === null ? undefined : iso(h.completedAt),
      xb: h.completedById ?? undefined,
      n: h.note ?? undefined,
    });
  }
}

interface WriteOptions {
  /** Skip per-row foreign-key triggers (superuser only; the generator's ids come from the database). */
  bulkLoad: boolean;
  /** Resolves when the previous batch's requests are in: REQ numbers must keep growing with time. */
  after: Promise<unknown>;
  /** Called once this batch's requests are in. */
  onRequestsWritten: () => void;
}

/**
 * One batch in one transaction, three statements, each with a single json
 * parameter (no bind-parameter limit; the same SQL on PostgreSQL 15 and
 * PGlite). Requests go in created order, so the identity assigns REQ
 * numbers in time order; events in order, so event ids follow each
 * request's timeline. Two batches overlap on two connections: the next
 * batch's requests are written while this one's events are.
 */
async function writeBatch(db: Db, batch: Batch, opts: WriteOptions) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    // The figures' tables are rebuilt once at the end (figures_rebuild), not per batch.
    await tx.execute(sql`set local followthrough.figures = 'deferred'`);
    // As pg_restore --disable-triggers does: the rows reference only ids just read from the
    // database, and the per-row foreign-key checks would otherwise be a third of the time.
    if (opts.bulkLoad) await tx.execute(sql`set local session_replication_role = replica`);
    await opts.after;
    await tx.execute(sql`
      insert into requests (id, title, description, desired_outcome, category_id, location_id, asset,
        priority, requester_id, on_behalf_of, owner_id, pending_owner_id, offered_at, status, close_reason,
        target_at, next_follow_up_at, follow_up_set_at, last_owner_activity_at, open_handoffs,
        open_handoff_due_at, created_at, updated_at, owned_at, resolved_at, closed_at, reopen_count,
        last_reopened_at, version)
      select id, title, descr, outcome, cat, loc, asset, prio::priority, req, obo, own, pend, offat,
        st::request_status, cr::close_reason, tgt, nfu, fus, loa, oh, ohd, ca, ua, owa, rsa, cla, rc, lra, v
      from json_to_recordset(${JSON.stringify(batch.requests)}::json) as x(i int, id uuid, title text,
        descr text, outcome text, cat uuid, loc uuid, asset text, prio text, req uuid, obo text, own uuid,
        pend uuid, offat timestamptz, st text, cr text, tgt timestamptz, nfu timestamptz, fus timestamptz,
        loa timestamptz, oh int, ohd timestamptz, ca timestamptz, ua timestamptz, owa timestamptz,
        rsa timestamptz, cla timestamptz, rc int, lra timestamptz, v int)
      order by i`);
    opts.onRequestsWritten();
    if (batch.handoffs.length > 0) {
      await tx.execute(sql`
        insert into handoffs (id, request_id, to_text, to_person_id, ask, expected_by, status, created_by_id,
          created_at, completed_at, completed_by_id, note)
        select id, r, tt, tp, ask, eb, st::handoff_status, cb, ca, xa, xb, n
        from json_to_recordset(${JSON.stringify(batch.handoffs)}::json) as x(id uuid, r uuid, tt text,
          tp uuid, ask text, eb timestamptz, st text, cb uuid, ca timestamptz, xa timestamptz, xb uuid, n text)`);
    }
    await tx.execute(sql`
      insert into events (request_id, actor_id, type, at, data)
      select r, a, y, t, d
      from json_to_recordset(${JSON.stringify(batch.events)}::json) as x(o int, r uuid, a uuid, y text,
        t timestamptz, d jsonb)
      order by o`);
  });
}

export interface GenerateRequestsOptions {
  /** How many requests to write (the hand-written scenarios count towards it). */
  count: number;
  seed: number;
  /** The demo's present: requests spread over the year before it; nothing happens after it. */
  now: Date;
  /** Called after each batch with the number of requests written so far. */
  onProgress?: (done: number) => void;
  /** Requests per batch (default 2,000). */
  batchSize?: number;
  /** Include the hand-written scenarios (default: when the database has no requests yet and the demo people exist). */
  scenarios?: boolean;
  /**
   * Skip the per-row foreign-key triggers while inserting (session_replication_role = replica,
   * as pg_restore --disable-triggers does). Default: when connected as a superuser.
   */
  bulkLoad?: boolean;
}

export interface GenerateRequestsResult {
  requests: number;
  events: number;
  handoffs: number;
  scenarios: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `count` realistic requests over the year before `now`, each with the
 * events of its story and its handoffs, into the people, categories and
 * locations already in the database. Deterministic for a given seed, `now`
 * and starting database.
 */
export async function generateRequests(
  db: Db,
  opts: GenerateRequestsOptions,
): Promise<GenerateRequestsResult> {
  const count = Math.max(0, Math.floor(opts.count));
  const now = opts.now.getTime();
  const batchSize = Math.max(1, opts.batchSize ?? 2000);
  const dir = await loadDirectory(db);
  if (dir.categories.length === 0 || !dir.people.some((p) => activeAt(p, now))) {
    throw new Error('No categories or people to write requests for: seed the organisation first.');
  }
  const existing = Number(
    rowsOf<{ n: number | string }>(
      await db.execute(sql`select count(*)::int as n from requests`),
    )[0]?.n ?? 0,
  );
  const g: Sim = { now, dir, rnd: seededRandom(opts.seed) };
  // Uuids from their own stream, salted by what is already there, so a second run adds new ids.
  const newId = seededUuid(seededUint32(opts.seed, existing * 7919 + (now % 1_000_003) + 1));
  const clock = creationClock(now, count, seededRandom(opts.seed, 2));

  const wantScenarios = opts.scenarios ?? existing === 0;
  const scripted = wantScenarios ? scenarios(dir, now).slice(0, count) : [];
  const bulk = count - scripted.length;

  const su = rowsOf<{ su: string }>(
    await db.execute(sql`select current_setting('is_superuser') as su`),
  )[0]?.su;
  const bulkLoad = opts.bulkLoad ?? su === 'on';

  const result: GenerateRequestsResult = { requests: 0, events: 0, handoffs: 0, scenarios: 0 };
  let batch: Batch = { requests: [], events: [], handoffs: [] };
  // At most two batches in flight (one writing requests, one events) while the next is generated.
  let inFlight: Promise<void>[] = [];
  let requestsIn: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  let written = 0;

  const flush = async () => {
    if (batch.requests.length === 0) return;
    const full = batch;
    batch = { requests: [], events: [], handoffs: [] };
    if (inFlight.length >= 2) await inFlight.shift();
    if (failure) throw failure;
    result.requests += full.requests.length;
    result.events += full.events.length;
    result.handoffs += full.handoffs.length;
    let signal = () => {};
    const after = requestsIn;
    requestsIn = new Promise<void>((resolve) => {
      signal = resolve;
    });
    // Errors surface at the next flush (and release the batches waiting on this one).
    const done = writeBatch(db, full, { bulkLoad, after, onRequestsWritten: signal }).then(
      () => {
        written += full.requests.length;
        opts.onProgress?.(written);
      },
      (err: unknown) => {
        failure ??= err;
        signal();
      },
    );
    inFlight.push(done);
  };

  const push = async (b: Req) => {
    addToBatch(batch, b);
    if (batch.requests.length >= batchSize) await flush();
    else if (batch.requests.length % 250 === 0) await yieldToLoop();
  };

  const makeScripted = (f: NewRequest) => new Req(newId(), f, newId);
  let s = 0;
  for (let i = 0; i < bulk; i++) {
    const createdAt = clock(i);
    while (s < scripted.length && scripted[s]!.createdAt <= createdAt) {
      await push(scripted[s++]!.make(makeScripted));
      result.scenarios++;
    }
    const { f, fixes, asks } = newBulkRequest(g, createdAt);
    const b = new Req(newId(), f, newId);
    b.fixes = fixes;
    b.asks = asks;
    simulate(b, g);
    await push(b);
  }
  while (s < scripted.length) {
    await push(scripted[s++]!.make(makeScripted));
    result.scenarios++;
  }
  await flush();
  await Promise.all(inFlight);
  inFlight = [];
  if (failure) throw failure;
  if (result.requests > 0) {
    // Statistics first: planned on the empty tables' estimates, the rebuild's joins over a
    // million fresh rows take many times longer.
    await db.execute(sql`analyze requests, events, handoffs`);
    await db.execute(sql`select figures_rebuild()`);
  }
  return result;
}
