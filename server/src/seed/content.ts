import type { Priority } from '@followthrough/shared';

/*
 * What the demo's requests say: per category, the problems people report
 * (title, asset, where, what outcome they want, how it gets fixed, what is
 * asked of others), and the words of every step of their story.
 */

export interface Template {
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

export interface CategoryContent {
  templates: Template[];
  vendors: string[];
}

export const content: Record<string, CategoryContent> = {
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

export const genericContent: CategoryContent = {
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

export const memberNames = [
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

export const text = {
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

export const categoryWeights: Record<string, number> = {
  Equipment: 26,
  Facilities: 24,
  Aquatics: 16,
  IT: 12,
  Membership: 12,
  Programs: 10,
};

/**
 * The demo's registered assets (SPEC §14): each template asset named here, by its tag's
 * prefix; `#{n}` ones become one asset per number (TM-01 … TM-12). Requests about them are
 * tied to them, so an asset's page shows its history.
 */
const assetTagPrefixes: Record<string, string> = {
  'Treadmill #{n}': 'TM',
  'Elliptical #{n}': 'EL',
  'Spin bike #{n}': 'SB',
  'Rower #{n}': 'RW',
  'Cable crossover': 'CC',
  'Leg press': 'LP',
  'Stair climber #{n}': 'SC',
  'Smith machine': 'SM',
  'HVAC unit {n}': 'HVAC',
  'Pool heater': 'PH',
  'Hot tub': 'HT',
  'Sauna heater': 'SH',
  'Receipt printer': 'RP',
  'Turnstile {n}': 'TS',
  'Payment terminal {n}': 'PT',
  'Reformer #{n}': 'RF',
};

export interface DemoAsset {
  name: string;
  tag: string;
  category: string;
  /** Its usual place, when the template names one. */
  location: string | null;
}

export function demoAssets(): DemoAsset[] {
  const out = new Map<string, DemoAsset>();
  for (const [category, { templates }] of Object.entries(content)) {
    for (const tpl of templates) {
      const prefix = tpl.asset ? assetTagPrefixes[tpl.asset] : undefined;
      if (!tpl.asset || !prefix) continue;
      const numbers = tpl.asset.includes('{n}')
        ? Array.from({ length: tpl.n ?? 1 }, (_, i) => i + 1)
        : [1];
      for (const i of numbers) {
        const name = tpl.asset.replaceAll('{n}', String(i));
        if (out.has(name)) continue;
        out.set(name, {
          name,
          tag: `${prefix}-${String(i).padStart(2, '0')}`,
          category,
          location: tpl.locations[0] ?? null,
        });
      }
    }
  }
  return [...out.values()];
}
