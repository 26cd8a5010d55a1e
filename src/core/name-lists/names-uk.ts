/**
 * First names common among children and parents in the UK that the maintained list
 * (@cspell/dict-people-names) lacks: recent England and Wales top-100s (ONS "Baby names in England
 * and Wales"), and names common in the UK's Polish, South Asian, African and Caribbean communities.
 * Add a name here when the redaction evaluation or a practitioner finds it missed.
 */
export const UK_FIRST_NAMES = `
isla freya sienna poppy aria esme arabella imogen nevaeh brooklyn lexi demi ellie-mae ellie-may lacey-mae
kayden jayden kaden kaiden brayden jaxon jaxson kian keegan callum tyrese tyreece kai-lee albie alfie-james
reggie ronnie teddie frankie-lee rocco kobe kobi ezra-james zayn zayne ayaan ayan arham rayyan aayan
oliwia zuzanna maja wiktoria julia-anna natalia kacper jakub szymon filip mateusz bartosz wojciech
kasia gosia agnieszka magdalena lena-maria antoni franciszek igor oskar nikola zofia hanna
zainab hafsa khadija aisha ayesha fatima maryam amira safiya inaya anaya aleena alina hania haniya
eesa isa musa yusuf yousuf ibrahim hamza zakariya zakaria ismail idris ilyas yahya harun haroon
abdullah abdul rahim rehan reyansh arjun aarav vihaan krish rohan priya anaya simran harpreet
gurpreet jaspreet manpreet navdeep kuldeep sukhdeep amrit jasmeet
chidi chidera chioma chinedu chiamaka ngozi adaeze adaora obinna emeka ifeanyi uche nnamdi tobenna
tobi tomi tolu tunde ade adebayo ayo ayomide oluwaseun seun femi funmi kemi bukola damilola temi
favour blessing precious praise treasure goodness testimony kehinde taiwo
kofi kwame kwabena akosua ama abena efua esi yaw nana
shanice shanelle chantelle chanel latoya tanisha keisha kiesha shaniqua tyra shakira jermaine
tyrone delroy leroy marlon winston desmond errol clinton devon devonte deshawn dwayne jerome
kayleigh kaylee kayla keeley kelsey kerys rhiannon ffion carys cerys seren eleri gethin rhys
dylan osian tomos ioan iwan macsen llew cai ianto siân sian
kyla kylie leanne lianne shannon shona skye-louise tia tiana tianna tiegan teagan tegan tayla
paige jodie jodi stacey staci tracey tracy gemma gemma-louise kerry-ann kerri-ann lindsey lyndsey
mckenzie mackenzie macey macie maisie maisy mollie millie lottie tillie evie-mae lilly-mae
harley-quinn harlow margot maeve niamh aoife saoirse siobhan roisin orla caoimhe ciara cian oisin
darragh eoin fionn ronan tadhg conor connor cillian padraig seamus
oakley ollie alfie archie theo teddy louie ronnie reggie lenny stanley otis hunter bodhi
blake brodie brody bailey riley rylan ryan-james kacey kasey kasie casey-jo
`
  .split(/\s+/)
  .filter((n) => n.length > 0);

/**
 * Names that are also ordinary English words. On their own they are read as words ("I will visit in
 * May", "there is hope"); they count as names only with a cue: a title, a kinship word, "called",
 * another name beside them, a speech verb after them, or an earlier mention in the same reflection.
 */
export const AMBIGUOUS_NAMES = `
will may hope grace faith summer autumn winter spring april june august joy dawn rose ruby amber
holly ivy lily daisy poppy violet jasmine heather hazel iris willow river storm sunny rain angel
precious blessing favour harmony destiny honey star crystal misty candy ginger sky skye
mark bill jack pat sue chase rob bob drew don wade gene ray guy frank art rich miles grant lance
penny carol robin jay kit rusty sandy dusty lane cliff glen brook bay hunter mason carter taylor
archer bishop king prince princess duke earl baron marshall cole hall ward young brown green white
black gray grey long little page price cook baker walker bell rice north west south east more
major chance justice royal rocky sterling hero noble love happy true early best fair field hill
wood woods stone ford park parks street lee bath chester lincoln jordan paris florence sydney
victoria kent devon india asia china georgia carolina virginia dakota phoenix aurora luna
nurse doctor judge police school court home house teacher key case help care early
faith hope worth good well foster job pound bank van lorry car bus train
`
  .split(/\s+/)
  .filter((n) => n.length > 0);
