/** Word lists that frame a name: titles before it, kinship and naming cues, speech verbs after it. */

const words = (list: string): string[] => list.split(/\s+/).filter((w) => w.length > 0);

export const TITLES = words(`
mr mrs ms miss mx dr master mister sir dame
`);

/** A name often follows these: "auntie Shanice", "Dad Dean", "her son Jayden", "called Summer". */
export const CUE_WORDS = words(`
mum mam mom mummy mother dad daddy father stepdad stepmum step-dad step-mum nan nana nanna nanny
nannie gran granny grandma grandmother grandad granddad grandpa grandfather auntie aunty aunt uncle
cousin brother sister bro sis son daughter baby partner boyfriend girlfriend husband wife ex sibling
niece nephew carer called named child stepson stepdaughter twin twins lodger neighbour friend fiance
fiancé
`);

/** Verbs after a capitalised word that make an ordinary-word name a person: "Grace said". */
export const SPEECH_VERBS = words(`
said says told tells shouted screamed cried disclosed asked replied explained refused admitted
denied hit smacked ran answered stated reported swore laughed whispered agreed showed
`);

/** Words that are never names even after a cue: "mum said", "dad was", "called the police". */
export const FUNCTION_WORDS = words(`
a an the i he she they we it you his her their our my your its him them us me was is are were be
been being and but or so who not at in on to of for from with by had has have said did does do would
could should will can may might must that this there here then than when where what which if as also
too very just only again still now no yes all both each some any one two three about after before
into over up down out off seems seemed appears appeared says told came went got gets get left lives
lived stays stayed answered opened refused present absent home there well ok okay asked reported
shouted visited arrived became being isn wasn didn doesn won don or nor yet how why since until
while during around because
`);

/** Capitalised words that are never a person's name in a note: festivals, languages, faiths, brands. */
export const NOT_NAMES = words(`
christmas easter ramadan eid diwali hanukkah passover halloween english welsh scottish irish british
polish urdu punjabi bengali arabic romanian somali kurdish french spanish portuguese african asian
muslim christian hindu sikh jewish catholic god allah jesus facebook snapchat tiktok instagram
whatsapp xbox playstation fortnite tesco asda aldi lidl primark greggs monday tuesday wednesday
thursday friday saturday sunday january february march october november december camhs mash ofsted
nspcc senco dsl iro gp hv a&e nhs dwp ehcp
`);
