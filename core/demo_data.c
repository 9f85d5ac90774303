#include "demo_data.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])
#define LIST(name, ...) \
	static const char *const name##_v[] = {__VA_ARGS__}; \
	const struct demo_list name = {name##_v, NELEM(name##_v)}
#define SLIST(...) {(const char *const[]){__VA_ARGS__}, \
	NELEM(((const char *const[]){__VA_ARGS__}))}

/* ---- Territories: real communes with many social dwellings ---- */

static const struct demo_commune communes_idf[] = {
	{"Saint-Denis", "93200", "93066"}, {"Aubervilliers", "93300", "93001"},
	{"Bobigny", "93000", "93008"}, {"Montreuil", "93100", "93048"},
	{"Bondy", "93140", "93010"}, {"Pantin", "93500", "93055"},
	{"Sevran", "93270", "93071"}, {"Aulnay-sous-Bois", "93600", "93005"},
	{"Drancy", "93700", "93029"}, {"La Courneuve", "93120", "93027"},
	{"Noisy-le-Sec", "93130", "93053"}, {"Stains", "93240", "93072"},
	{"Épinay-sur-Seine", "93800", "93031"}, {"Clichy-sous-Bois", "93390", "93014"},
	{"Vitry-sur-Seine", "94400", "94081"}, {"Créteil", "94000", "94028"},
	{"Champigny-sur-Marne", "94500", "94017"}, {"Ivry-sur-Seine", "94200", "94041"},
	{"Villejuif", "94800", "94076"}, {"Choisy-le-Roi", "94600", "94022"},
};

static const struct demo_commune communes_lyon[] = {
	{"Villeurbanne", "69100", "69266"}, {"Vénissieux", "69200", "69259"},
	{"Vaulx-en-Velin", "69120", "69256"}, {"Bron", "69500", "69029"},
	{"Rillieux-la-Pape", "69140", "69286"}, {"Saint-Priest", "69800", "69290"},
	{"Décines-Charpieu", "69150", "69275"}, {"Givors", "69700", "69091"},
};

static const struct demo_commune communes_marseille[] = {
	{"Aubagne", "13400", "13005"}, {"La Ciotat", "13600", "13028"},
	{"Martigues", "13500", "13056"}, {"Vitrolles", "13127", "13117"},
	{"Marignane", "13700", "13054"}, {"Istres", "13800", "13047"},
	{"Salon-de-Provence", "13300", "13103"}, {"Arles", "13200", "13004"},
};

static const struct demo_commune communes_nord[] = {
	{"Roubaix", "59100", "59512"}, {"Tourcoing", "59200", "59599"},
	{"Villeneuve-d'Ascq", "59650", "59009"}, {"Wattrelos", "59150", "59650"},
	{"Douai", "59500", "59178"}, {"Valenciennes", "59300", "59606"},
	{"Maubeuge", "59600", "59392"}, {"Lens", "62300", "62498"},
	{"Liévin", "62800", "62510"}, {"Armentières", "59280", "59017"},
};

static const struct demo_commune communes_toulouse[] = {
	{"Toulouse", "31100", "31555"}, {"Toulouse", "31200", "31555"},
	{"Colomiers", "31770", "31149"}, {"Blagnac", "31700", "31069"},
	{"Tournefeuille", "31170", "31557"}, {"Muret", "31600", "31395"},
	{"Cugnaux", "31270", "31157"}, {"Balma", "31130", "31044"},
};

static const struct demo_commune communes_nantes[] = {
	{"Nantes", "44300", "44109"}, {"Nantes", "44100", "44109"},
	{"Saint-Herblain", "44800", "44162"}, {"Rezé", "44400", "44143"},
	{"Saint-Nazaire", "44600", "44184"}, {"Orvault", "44700", "44114"},
	{"Saint-Sébastien-sur-Loire", "44230", "44190"},
};

static const struct demo_commune communes_bordeaux[] = {
	{"Bordeaux", "33300", "33063"}, {"Mérignac", "33700", "33281"},
	{"Pessac", "33600", "33318"}, {"Bègles", "33130", "33039"},
	{"Lormont", "33310", "33249"}, {"Cenon", "33150", "33119"},
	{"Floirac", "33270", "33167"}, {"Talence", "33400", "33522"},
};

static const struct demo_commune communes_strasbourg[] = {
	{"Strasbourg", "67100", "67482"}, {"Strasbourg", "67200", "67482"},
	{"Schiltigheim", "67300", "67447"}, {"Illkirch-Graffenstaden", "67400", "67218"},
	{"Bischheim", "67800", "67043"}, {"Haguenau", "67500", "67180"},
	{"Lingolsheim", "67380", "67267"},
};

#define REGION(name, phone, c) {name, phone, c, NELEM(c)}
const struct demo_region demo_regions[] = {
	REGION("Seine-Saint-Denis", "01 99 00", communes_idf),
	REGION("Lyon Est", "04 65 71", communes_lyon),
	REGION("Provence", "04 65 71", communes_marseille),
	REGION("Métropole Nord", "03 53 01", communes_nord),
	REGION("Toulouse", "05 36 49", communes_toulouse),
	REGION("Loire-Atlantique", "02 61 91", communes_nantes),
	REGION("Gironde", "05 36 49", communes_bordeaux),
	REGION("Alsace", "03 53 01", communes_strasbourg),
};
const size_t demo_nregions = NELEM(demo_regions);

/* ---- People ---- */

LIST(demo_first_f, "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Christine",
    "Sandrine", "Valérie", "Céline", "Stéphanie", "Sophie", "Aurélie", "Julie",
    "Camille", "Laura", "Manon", "Léa", "Emma", "Chloé", "Inès", "Sarah", "Jade",
    "Fatima", "Nadia", "Samia", "Karima", "Leïla", "Yasmina", "Amina", "Aïcha",
    "Fatoumata", "Aminata", "Mariam", "Awa", "Ana", "Maria", "Sonia", "Émilie",
    "Hélène", "Monique", "Françoise", "Martine", "Brigitte", "Josiane", "Chantal",
    "Annie", "Corinne", "Patricia", "Véronique", "Mélanie", "Élodie", "Lucie",
    "Océane", "Lina", "Yasmine", "Nour", "Aylin", "Linh", "Mei", "Rose");

LIST(demo_first_m, "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick",
    "Nicolas", "Christophe", "Laurent", "Stéphane", "David", "Éric", "Frédéric",
    "Sébastien", "Julien", "Thomas", "Kévin", "Maxime", "Lucas", "Hugo", "Théo",
    "Nathan", "Enzo", "Louis", "Mohamed", "Karim", "Rachid", "Samir", "Mehdi",
    "Youssef", "Bilal", "Sofiane", "Hamza", "Ibrahim", "Mamadou", "Moussa",
    "Abdoulaye", "Oumar", "Issa", "José", "Manuel", "Antonio", "Paulo", "Gérard",
    "Bernard", "Daniel", "René", "Claude", "Jacques", "Dominique", "Thierry",
    "Olivier", "Franck", "Mathieu", "Romain", "Adam", "Rayan", "Mehmet", "Minh",
    "Wei");

LIST(demo_last, "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
    "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel",
    "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval",
    "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier",
    "Jean", "Perez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas",
    "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal",
    "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Philippe", "Lacroix",
    "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis",
    "Charles", "Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Rey",
    "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps",
    "Carpentier", "Julien", "Benoît", "Maillard", "Marchal", "Aubry", "Vasseur",
    "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier", "Charpentier",
    "Royer", "Huet", "Baron", "Dupuy", "Pons", "Carré", "Breton", "Rémy",
    "Schneider", "Perrot", "Guyot", "Barré", "Marty", "Cousin", "Benali", "Haddad",
    "Diallo", "Traoré", "Diop", "Koné", "Mendy", "Belkacem", "Bensaïd", "Cohen",
    "Ferreira", "Pereira", "Dos Santos", "Yilmaz", "Kaya", "Tran", "Cissé",
    "Camara", "Sylla", "Benhamou", "Mansouri", "Chérif", "Bouzid", "Amrani");

/* ---- Places ---- */

LIST(demo_streets, "rue Jean Jaurès", "avenue Pablo Picasso", "allée des Tilleuls",
    "rue Victor Hugo", "boulevard Gambetta", "rue Paul Éluard", "rue Louis Aragon",
    "avenue du Général de Gaulle", "rue des Lilas", "rue Pierre Sémard",
    "rue Anatole France", "allée Jean Moulin", "rue de la République",
    "avenue Salvador Allende", "rue Henri Barbusse", "rue Gabriel Péri",
    "avenue Youri Gagarine", "rue Marcel Cachin", "rue Jules Ferry",
    "rue Émile Zola", "avenue de la Liberté", "rue du Stade", "chemin des Vignes",
    "rue Pasteur", "rue Voltaire", "allée des Acacias", "rue de la Paix",
    "avenue Maurice Thorez", "rue Lucie Aubrac", "rue Marie Curie",
    "rue Olympe de Gouges", "allée Simone Veil", "rue des Écoles",
    "place de la Mairie", "rue du 8 Mai 1945", "rue du 19 Mars 1962",
    "avenue Jean Lolive", "rue Danielle Casanova", "rue Robespierre",
    "rue Georges Brassens", "allée Nelson Mandela", "rue Rosa Parks",
    "rue des Peupliers", "rue du Moulin", "avenue des Platanes",
    "rue Auguste Renoir", "rue Paul Vaillant-Couturier", "rue Aimé Césaire",
    "impasse des Jardins", "rue de la Gare");

LIST(demo_estate_names, "Les Tilleuls", "Les Peupliers", "La Roseraie", "Le Parc",
    "Les Bleuets", "Les Glycines", "Le Moulin", "La Source", "Les Cèdres",
    "Les Marronniers", "Le Val Fleuri", "Les Hauts-Prés", "La Pépinière",
    "Les Sablons", "Les Iris", "Le Clos Saint-Jean", "Les Hortensias",
    "Les Acacias", "Le Bois Joli", "Les Lilas", "Les Genêts", "Les Mimosas",
    "La Fontaine", "Les Vergers", "La Colline", "Les Terrasses", "Le Belvédère",
    "Les Coteaux", "La Prairie", "Les Érables", "Les Platanes", "Les Charmilles",
    "Les Aubépines", "Le Mail", "Les Violettes", "Les Capucines",
    "Les Quatre Vents", "Le Grand Pré", "Les Jonquilles", "Les Noisetiers",
    "Le Chêne Vert", "Les Bruyères", "Les Sorbiers", "L'Orée du Bois",
    "Les Saules", "La Butte", "Le Petit Bois", "Les Myosotis", "Les Rosiers",
    "Les Primevères", "La Clairière", "Le Lavoir", "Les Jardins du Canal",
    "Le Clos des Vignes", "Les Hauts de Seine", "Le Point du Jour");

LIST(demo_estate_people, "Pablo Picasso", "Paul Éluard", "Louise Michel",
    "Jean Moulin", "Victor Hugo", "Jean Jaurès", "Marie Curie", "Simone Veil",
    "Gérard Philipe", "Jacques Prévert", "Louis Aragon", "Elsa Triolet",
    "Henri Wallon", "Paul Langevin", "Romain Rolland", "Lucie Aubrac",
    "Georges Brassens", "Joséphine Baker", "Aimé Césaire", "Danielle Casanova");

LIST(demo_sector_names, "Centre", "Nord", "Sud", "Est", "Ouest", "Gare",
    "Les Hauts", "Val", "Plateau", "Canal", "Bords de rivière", "Cité-jardin");

/* ---- Equipment ---- */

const struct demo_equip demo_equipment[DEMO_EQ_COUNT] = {
	[DEMO_EQ_BOILER] = {"boiler", 15,
	    SLIST("Saunier Duval", "Frisquet", "De Dietrich", "Chaffoteaux", "elm.leblanc",
		"Vaillant"),
	    SLIST("Chaudière murale mixte 24 kW", "Chaudière à condensation 25 kW",
		"Chaudière à condensation 30 kW micro-accumulée")},
	[DEMO_EQ_WATER_HEATER] = {"water_heater", 12,
	    SLIST("Atlantic", "Thermor", "Ariston", "De Dietrich"),
	    SLIST("Chauffe-eau électrique 150 L", "Chauffe-eau électrique 200 L vertical",
		"Chauffe-eau électrique 100 L")},
	[DEMO_EQ_VMC] = {"vmc", 20,
	    SLIST("Aldes", "Atlantic", "Unelvent", "France Air"),
	    SLIST("VMC simple flux hygroréglable B", "VMC simple flux autoréglable",
		"Extracteur collectif basse pression")},
	[DEMO_EQ_RADIATORS] = {"radiators", 30,
	    SLIST("Acova", "Finimetal", "Atlantic", "Thermor", "Noirot"),
	    SLIST("Radiateurs acier à eau chaude", "Radiateurs fonte",
		"Panneaux rayonnants électriques", "Radiateurs à inertie")},
	[DEMO_EQ_SINK] = {"kitchen_sink", 20,
	    SLIST("Franke", "Blanco", "Villeroy & Boch"),
	    SLIST("Évier inox 2 bacs 1 égouttoir", "Évier inox 1 bac", "Évier grès 1 bac")},
	[DEMO_EQ_SMOKE] = {"smoke_detector", 10,
	    SLIST("Kidde", "Ei Electronics", "FireAngel", "Legrand"),
	    SLIST("DAAF pile lithium 10 ans", "DAAF NF EN 14604")},
	[DEMO_EQ_LIFT] = {"lift", 30,
	    SLIST("Otis", "Schindler", "Kone", "TK Elevator"),
	    SLIST("Ascenseur 630 kg 8 personnes", "Ascenseur 1000 kg 13 personnes",
		"Ascenseur 450 kg 6 personnes")},
	[DEMO_EQ_INTERCOM] = {"intercom", 15,
	    SLIST("Urmet", "Comelit", "Aiphone", "Noralsy"),
	    SLIST("Platine audio à défilement", "Platine vidéo 2 fils", "Interphone GSM")},
	[DEMO_EQ_DOOR_ENTRY] = {"door_entry", 15,
	    SLIST("Intratone", "Noralsy", "Hexact", "CDVI"),
	    SLIST("Contrôle d'accès Vigik", "Lecteur de badges et ventouse")},
	[DEMO_EQ_LIGHTING] = {"lighting", 20,
	    SLIST("Philips", "Legrand", "Sylvania", "Hager"),
	    SLIST("Hublots LED à détection", "Minuterie et appliques", "Réglettes LED")},
	[DEMO_EQ_EXTINGUISHER] = {"extinguisher", 10,
	    SLIST("Sicli", "Desautel", "Eurofeu"),
	    SLIST("Extincteur eau pulvérisée 6 L", "Extincteur CO2 2 kg",
		"Extincteur poudre ABC 9 kg")},
};

/* ---- Rooms and items of an inspection ---- */

#define NAT(...) (const struct demo_nature[]){__VA_ARGS__}, \
	NELEM(((const struct demo_nature[]){__VA_ARGS__}))

static const struct demo_item it_floor = {"Sol", NAT({"parquet", "parquet"},
    {"lino", "floor_covering"}, {"carrelage", "tiling"}, {"parquet stratifié", "floor_covering"})};
static const struct demo_item it_floor_wet = {"Sol", NAT({"carrelage", "tiling"},
    {"lino", "floor_covering"})};
static const struct demo_item it_walls = {"Murs", NAT({"peinture", "paint"},
    {"papier peint", "wallpaper"}, {"toile de verre peinte", "paint"})};
static const struct demo_item it_walls_wet = {"Murs", NAT({"peinture", "paint"})};
static const struct demo_item it_ceiling = {"Plafond", NAT({"peinture", "paint"})};
static const struct demo_item it_door = {"Porte", NAT({"bois peint", "joinery"},
    {"isoplane", "joinery"})};
static const struct demo_item it_windows = {"Fenêtres", NAT({"PVC double vitrage", "joinery"},
    {"bois double vitrage", "joinery"}, {"aluminium double vitrage", "joinery"})};
static const struct demo_item it_shutters = {"Volets", NAT({"volet roulant PVC", "blinds"},
    {"volets battants bois", "blinds"}, {"volet roulant aluminium", "blinds"})};
static const struct demo_item it_sockets = {"Prises et interrupteurs",
    NAT({"appareillage encastré", "electrical"})};
static const struct demo_item it_light = {"Éclairage", NAT({"point lumineux", "electrical"},
    {"plafonnier", "electrical"})};
static const struct demo_item it_radiator = {"Radiateur", NAT({"acier", "heating"},
    {"fonte", "heating"}, {"électrique", "heating"})};
static const struct demo_item it_sink = {"Évier", NAT({"inox", "sanitary"},
    {"grès", "sanitary"})};
static const struct demo_item it_taps = {"Robinetterie", NAT({"mitigeur", "taps"},
    {"mélangeur", "taps"})};
static const struct demo_item it_wc = {"WC", NAT({"cuvette porcelaine et abattant", "sanitary"})};
static const struct demo_item it_bath = {"Baignoire/douche", NAT({"baignoire acrylique", "sanitary"},
    {"receveur de douche", "sanitary"}, {"baignoire acier émaillé", "sanitary"})};
static const struct demo_item it_tiles = {"Faïence", NAT({"faïence", "tiling"})};
static const struct demo_item it_cupboards = {"Placards", NAT({"portes coulissantes", "cupboards"},
    {"portes battantes bois", "cupboards"})};
static const struct demo_item it_vmc = {"VMC", NAT({"bouche d'extraction", "ventilation"})};
static const struct demo_item it_balcony_floor = {"Sol", NAT({"dalle béton", "tiling"},
    {"carrelage", "tiling"})};
static const struct demo_item it_balcony_walls = {"Murs", NAT({"enduit de façade", "paint"})};
static const struct demo_item it_railing = {"Garde-corps", NAT({"métal peint", "joinery"},
    {"aluminium", "joinery"})};

#define ITEMS(...) (const struct demo_item *const[]){__VA_ARGS__}, \
	NELEM(((const struct demo_item *const[]){__VA_ARGS__}))

const struct demo_room demo_rooms[DEMO_ROOM_COUNT] = {
	[DEMO_ROOM_ENTRY] = {"Entrée", ITEMS(&it_floor, &it_walls, &it_ceiling, &it_door,
	    &it_sockets, &it_light, &it_cupboards)},
	[DEMO_ROOM_LIVING] = {"Séjour", ITEMS(&it_floor, &it_walls, &it_ceiling, &it_door,
	    &it_windows, &it_shutters, &it_sockets, &it_light, &it_radiator)},
	[DEMO_ROOM_KITCHEN] = {"Cuisine", ITEMS(&it_floor_wet, &it_walls_wet, &it_ceiling,
	    &it_door, &it_windows, &it_sockets, &it_light, &it_sink, &it_taps, &it_tiles,
	    &it_cupboards, &it_vmc)},
	[DEMO_ROOM_BEDROOM] = {"Chambre", ITEMS(&it_floor, &it_walls, &it_ceiling, &it_door,
	    &it_windows, &it_shutters, &it_sockets, &it_radiator, &it_cupboards)},
	[DEMO_ROOM_BATH] = {"Salle de bains", ITEMS(&it_floor_wet, &it_walls_wet, &it_ceiling,
	    &it_door, &it_bath, &it_taps, &it_tiles, &it_light, &it_radiator, &it_vmc)},
	[DEMO_ROOM_WC] = {"WC", ITEMS(&it_floor_wet, &it_walls_wet, &it_ceiling, &it_door,
	    &it_wc, &it_vmc)},
	[DEMO_ROOM_BALCONY] = {"Balcon", ITEMS(&it_balcony_floor, &it_balcony_walls, &it_railing)},
};

/* ---- Wear grid and price list ---- */

const struct demo_wear demo_wear_grid[] = {
	{"paint", "Peintures", 7, 1, 1000},
	{"wallpaper", "Papiers peints", 8, 1, 1000},
	{"floor_covering", "Revêtements de sol souples", 10, 2, 1000},
	{"parquet", "Parquets", 25, 3, 2000},
	{"tiling", "Carrelages et faïences", 25, 3, 2000},
	{"sanitary", "Appareils sanitaires", 15, 2, 1500},
	{"taps", "Robinetterie", 10, 1, 1000},
	{"blinds", "Volets et stores", 8, 1, 1000},
	{"cupboards", "Placards et rangements", 15, 2, 1500},
	{"appliances", "Appareils électroménagers", 8, 1, 1000},
	{"joinery", "Menuiseries intérieures", 20, 3, 2000},
	{"electrical", "Appareillage électrique", 15, 2, 1500},
	{"heating", "Radiateurs et robinets thermostatiques", 20, 3, 2000},
	{"ventilation", "Bouches de ventilation", 10, 1, 1000},
};
const size_t demo_nwear = NELEM(demo_wear_grid);

const struct demo_price demo_prices[] = {
	{"PEINT-MUR", "Peinture murs, deux couches, préparation comprise", "m2", 2450, "paint"},
	{"PEINT-PLAF", "Peinture plafond, deux couches", "m2", 2650, "paint"},
	{"PAPIER", "Dépose et pose de papier peint", "m2", 2200, "wallpaper"},
	{"REBOUCH", "Rebouchage de trous de chevilles", "unit", 800, "paint"},
	{"SOL-LINO", "Fourniture et pose de revêtement de sol souple", "m2", 3500,
	    "floor_covering"},
	{"PARQ-PONC", "Ponçage et vitrification de parquet", "m2", 4200, "parquet"},
	{"PARQ-LAME", "Remplacement de lames de parquet", "unit", 3800, "parquet"},
	{"CARREL", "Remplacement de carreaux de sol", "m2", 6500, "tiling"},
	{"FAIENCE", "Remplacement de faïence murale", "m2", 6000, "tiling"},
	{"JOINT-SIL", "Réfection de joint silicone", "ml", 1200, "sanitary"},
	{"WC-ABATT", "Remplacement d'abattant WC", "unit", 4500, "sanitary"},
	{"WC-CUVETTE", "Remplacement de cuvette WC", "unit", 26000, "sanitary"},
	{"BAIGN-EMAIL", "Réparation d'émail de baignoire", "unit", 18000, "sanitary"},
	{"EVIER", "Remplacement d'évier inox", "unit", 31000, "sanitary"},
	{"ROB-MITIG", "Remplacement de mitigeur", "unit", 12500, "taps"},
	{"ROB-FLEX", "Remplacement de flexible de douche", "unit", 2500, "taps"},
	{"VOLET-SANG", "Remplacement de sangle de volet roulant", "unit", 4500, "blinds"},
	{"VOLET-LAME", "Remplacement de lames de volet", "unit", 6500, "blinds"},
	{"PLACARD-PORTE", "Remise en jeu ou remplacement de porte de placard", "unit", 15000,
	    "cupboards"},
	{"PORTE-POIG", "Remplacement de poignée de porte", "unit", 4000, "joinery"},
	{"PORTE-INT", "Remplacement de porte intérieure", "unit", 28000, "joinery"},
	{"VITRE", "Remplacement de vitrage", "m2", 9500, "joinery"},
	{"PRISE", "Remplacement de prise de courant", "unit", 3500, "electrical"},
	{"INTERR", "Remplacement d'interrupteur", "unit", 3000, "electrical"},
	{"DOUILLE", "Remplacement de douille et ampoule", "unit", 2000, "electrical"},
	{"VMC-BOUCHE", "Nettoyage ou remplacement de bouche VMC", "unit", 4000, "ventilation"},
	{"RADIAT-PURGE", "Purge et remise en service de radiateur", "unit", 6000, "heating"},
	{"RADIAT-ROB", "Remplacement de robinet de radiateur", "unit", 9000, "heating"},
	{"SERRURE", "Remplacement de cylindre de serrure", "unit", 18000, NULL},
	{"CLE", "Reproduction de clé", "unit", 2500, NULL},
	{"BADGE", "Badge d'accès supplémentaire", "unit", 3500, NULL},
	{"NETT-M2", "Nettoyage du logement", "m2", 600, NULL},
	{"NETT-FORF", "Nettoyage complet du logement", "flat", 25000, NULL},
	{"DEBARRAS", "Débarras d'encombrants laissés dans le logement", "flat", 35000, NULL},
	/* No wear-grid kind: no wear on restoring what the tenant altered
	 * without leave, nor on what is lost. */
	{"TRANSFO-M2", "Remise en état après transformation non autorisée", "m2", 5200, NULL},
	{"TRANSFO-FORF", "Dépose d'un aménagement non autorisé et remise en état", "flat", 48000,
	    NULL},
	{"PERTE-EQUIP", "Remplacement d'un équipement disparu", "unit", 15000, NULL},
	{"H-PEINTRE", "Heure de main-d'œuvre peintre", "hour", 4500, NULL},
	{"H-PLOMBIER", "Heure de main-d'œuvre plombier", "hour", 5500, NULL},
	{"H-ELEC", "Heure de main-d'œuvre électricien", "hour", 5500, NULL},
	{"H-MENUIS", "Heure de main-d'œuvre menuisier", "hour", 5000, NULL},
};
const size_t demo_nprices = NELEM(demo_prices);

const struct demo_defect demo_defects[] = {
	{"Murs", "paint", "Traces de chocs et salissures", "PEINT-MUR"},
	{"Murs", "paint", "Trous de chevilles non rebouchés", "REBOUCH"},
	{"Murs", "paint", "Peinture écaillée, traces de fumée", "PEINT-MUR"},
	{"Plafond", "paint", "Auréole jaunie au plafond", "PEINT-PLAF"},
	{"Plafond", "paint", "Plafond noirci au-dessus du radiateur", "PEINT-PLAF"},
	{NULL, "wallpaper", "Papier peint déchiré et décollé", "PAPIER"},
	{NULL, "wallpaper", "Dessins d'enfants sur le papier peint", "PAPIER"},
	{NULL, "floor_covering", "Revêtement déchiré devant la porte", "SOL-LINO"},
	{NULL, "floor_covering", "Brûlure de cigarette", "SOL-LINO"},
	{NULL, "parquet", "Lames rayées et tachées", "PARQ-PONC"},
	{NULL, "parquet", "Lame fendue", "PARQ-LAME"},
	{"Sol", "tiling", "Carreaux fêlés", "CARREL"},
	{"Sol", "tiling", "Carreau descellé", "CARREL"},
	{"Faïence", "tiling", "Faïence fissurée", "FAIENCE"},
	{"Faïence", "tiling", "Joints de faïence noircis", "JOINT-SIL"},
	{"Évier", "sanitary", "Joint silicone noirci", "JOINT-SIL"},
	{"Évier", "sanitary", "Évier rayé et taché", "EVIER"},
	{"Baignoire/douche", "sanitary", "Joint silicone noirci", "JOINT-SIL"},
	{"Baignoire/douche", "sanitary", "Émail éclaté au fond", "BAIGN-EMAIL"},
	{"WC", "sanitary", "Abattant cassé", "WC-ABATT"},
	{"WC", "sanitary", "Cuvette fêlée", "WC-CUVETTE"},
	{NULL, "taps", "Mitigeur qui goutte", "ROB-MITIG"},
	{NULL, "taps", "Robinetterie entartrée, débit faible", "ROB-MITIG"},
	{NULL, "blinds", "Sangle de volet cassée", "VOLET-SANG"},
	{NULL, "blinds", "Lames de volet bloquées", "VOLET-LAME"},
	{NULL, "cupboards", "Porte de placard dégondée", "PLACARD-PORTE"},
	{"Porte", "joinery", "Poignée cassée", "PORTE-POIG"},
	{"Porte", "joinery", "Porte enfoncée", "PORTE-INT"},
	{"Fenêtres", "joinery", "Vitre fêlée", "VITRE"},
	{"Fenêtres", "joinery", "Poignée de fenêtre cassée", "PORTE-POIG"},
	{"Garde-corps", "joinery", "Garde-corps rouillé", "H-MENUIS"},
	{"Prises et interrupteurs", "electrical", "Prise arrachée", "PRISE"},
	{"Prises et interrupteurs", "electrical", "Cache d'interrupteur cassé", "INTERR"},
	{"Éclairage", "electrical", "Douille absente", "DOUILLE"},
	{NULL, "ventilation", "Bouche d'extraction encrassée", "VMC-BOUCHE"},
	{NULL, "heating", "Radiateur froid en partie haute", "RADIAT-PURGE"},
	{NULL, "heating", "Robinet thermostatique bloqué", "RADIAT-ROB"},
};
const size_t demo_ndefects = NELEM(demo_defects);

/* ---- Contractors, claims, works ---- */

const struct demo_trade demo_trades[DEMO_TRADE_COUNT] = {
	[DEMO_TRADE_PLUMBING] = {"plumbing", "Plomberie", "Plomberie %s", 24},
	[DEMO_TRADE_ELECTRICITY] = {"electricity", "Électricité", "%s Électricité", 24},
	[DEMO_TRADE_HEATING] = {"heating", "Chauffage et eau chaude", "%s Chauffage Services",
	    12},
	[DEMO_TRADE_LIFT] = {"lift", "Ascenseurs", "Ascenseurs %s", 4},
	[DEMO_TRADE_ACCESS] = {"access", "Interphonie et contrôle d'accès", "%s Accès Sécurité",
	    48},
	[DEMO_TRADE_LOCKSMITH] = {"locksmith", "Serrurerie", "Serrurerie %s", 8},
	[DEMO_TRADE_CLEANING] = {"cleaning", "Nettoyage", "%s Propreté", 48},
	[DEMO_TRADE_PESTS] = {"pests", "Dératisation et désinsectisation", "%s Hygiène 3D",
	    72},
	[DEMO_TRADE_PAINTING] = {"painting", "Peinture et revêtements", "Peintures %s",
	    120},
	[DEMO_TRADE_GREEN] = {"green_spaces", "Espaces verts", "%s Paysages", 120},
	[DEMO_TRADE_ROOFING] = {"roofing", "Couverture et étanchéité", "Couverture %s",
	    48},
	[DEMO_TRADE_MULTI] = {"multi", "Multiservices", "%s Multiservices", 48},
};

const struct demo_category demo_categories[] = {
	{"plumbing", "Plomberie", DEMO_TRADE_PLUMBING},
	{"electricity", "Électricité", DEMO_TRADE_ELECTRICITY},
	{"heating", "Chauffage", DEMO_TRADE_HEATING},
	{"hot_water", "Eau chaude", DEMO_TRADE_HEATING},
	{"lift", "Ascenseur", DEMO_TRADE_LIFT},
	{"intercom", "Interphone", DEMO_TRADE_ACCESS},
	{"doors_locks", "Portes et serrures", DEMO_TRADE_LOCKSMITH},
	{"cleanliness", "Propreté des parties communes", DEMO_TRADE_CLEANING},
	{"pests", "Nuisibles", DEMO_TRADE_PESTS},
	{"nuisance", "Troubles de voisinage", -1},
	{"damp", "Humidité et infiltrations", DEMO_TRADE_ROOFING},
	{"other", "Autre", DEMO_TRADE_MULTI},
};
const size_t demo_ncategories = NELEM(demo_categories);

const struct demo_urgency demo_urgencies[3] = {
	{"emergency", "Urgence (sous 4 heures)", 4, 0},
	{"urgent", "Urgent (sous 48 heures ouvrées)", 48, 1},
	{"normal", "Normal (sous 15 jours ouvrés)", 360, 1},
};

const struct demo_claim_text demo_claim_texts[] = {
	{"plumbing", "d", "urgent", "Fuite sous l'évier de la cuisine, le meuble est mouillé."},
	{"plumbing", "d", "emergency",
	    "Fuite importante au plafond de la salle de bains, l'eau coule chez le voisin "
	    "du dessous."},
	{"plumbing", "d", "normal", "La chasse d'eau des WC coule en permanence."},
	{"plumbing", "d", "urgent", "Évacuation de la baignoire bouchée malgré un déboucheur."},
	{"plumbing", "d", "normal", "Le mitigeur de la douche goutte."},
	{"plumbing", "e", "urgent",
	    "Fuite sur la colonne d'eau dans la gaine technique du palier."},
	{"electricity", "d", "urgent", "Le disjoncteur saute dès qu'on branche le four."},
	{"electricity", "d", "normal", "Prise de la chambre qui ne fonctionne plus."},
	{"electricity", "e", "normal", "Éclairage du palier du 3e étage en panne."},
	{"electricity", "e", "normal", "La minuterie de l'escalier s'éteint trop vite."},
	{"electricity", "c", "normal", "Plusieurs néons hors service au parking souterrain."},
	{"heating", "d", "urgent", "Plus de chauffage dans le logement depuis hier soir."},
	{"heating", "d", "normal", "Radiateur de la chambre froid en partie haute."},
	{"heating", "d", "emergency",
	    "Chaudière en défaut, odeur de gaz signalée par la locataire."},
	{"heating", "b", "urgent",
	    "Chauffage collectif insuffisant dans tout le bâtiment (17 °C relevés)."},
	{"hot_water", "d", "urgent", "Plus d'eau chaude depuis deux jours."},
	{"hot_water", "d", "normal", "Le chauffe-eau fait disjoncter l'installation."},
	{"hot_water", "b", "urgent", "Eau tiède seulement aux étages supérieurs."},
	{"lift", "b", "urgent", "Ascenseur en panne, bloqué au rez-de-chaussée."},
	{"lift", "b", "emergency", "Personne bloquée dans la cabine de l'ascenseur."},
	{"lift", "b", "normal", "La porte de l'ascenseur se referme trop vite."},
	{"intercom", "e", "normal", "Interphone muet, les visiteurs ne peuvent pas appeler."},
	{"intercom", "d", "normal", "Le combiné d'interphone du logement ne sonne plus."},
	{"intercom", "e", "normal", "Nom erroné sur la platine d'interphone."},
	{"doors_locks", "e", "urgent",
	    "Porte du hall qui ne ferme plus, ventouse hors service."},
	{"doors_locks", "d", "urgent", "Serrure de la porte d'entrée bloquée."},
	{"doors_locks", "c", "normal", "Porte du local poubelles forcée."},
	{"doors_locks", "e", "normal", "Boîte aux lettres forcée."},
	{"cleanliness", "e", "normal",
	    "Hall et escalier sales, ménage non fait cette semaine."},
	{"cleanliness", "c", "normal", "Encombrants déposés devant le local poubelles."},
	{"cleanliness", "c", "normal", "Bacs à ordures débordants, odeurs."},
	{"cleanliness", "e", "normal", "Tags dans la cage d'escalier."},
	{"pests", "d", "normal", "Présence de cafards dans la cuisine."},
	{"pests", "c", "normal", "Rats aperçus près du local poubelles."},
	{"pests", "d", "normal", "Suspicion de punaises de lit."},
	{"nuisance", "d", "normal", "Bruits répétés la nuit chez le voisin du dessus."},
	{"nuisance", "e", "normal", "Rassemblements bruyants dans le hall le soir."},
	{"damp", "d", "normal", "Moisissures au plafond de la salle de bains."},
	{"damp", "d", "urgent", "Infiltration par la fenêtre du séjour à chaque pluie."},
	{"damp", "b", "urgent", "Infiltration en toiture, tache au plafond du dernier étage."},
	{"other", "d", "normal", "Volet roulant du séjour bloqué en position basse."},
	{"other", "d", "normal", "Demande de remplacement du détecteur de fumée qui bipe."},
	{"other", "c", "normal", "Arbre à élaguer, branches contre les fenêtres."},
	{"other", "b", "normal", "Fissure apparue sur la façade côté parking."},
};
const size_t demo_nclaim_texts = NELEM(demo_claim_texts);

const struct demo_work demo_works[] = {
	{"refurbishment", "Remise en état du logement avant relocation",
	    'd', DEMO_TRADE_PAINTING, 800, 9000, 0, 0},
	{"boiler_replacement", "Remplacement de la chaudière individuelle",
	    'd', DEMO_TRADE_HEATING, 2500, 4500, 0, 0},
	{"bathroom", "Réfection de la salle de bains (douche à l'italienne)",
	    'd', DEMO_TRADE_PLUMBING, 4000, 9000, 40, 0},
	{"electrical_upgrade", "Mise en sécurité de l'installation électrique",
	    'd', DEMO_TRADE_ELECTRICITY, 1200, 4000, 40, 'o'},
	{"facade", "Ravalement de façade", 'b', DEMO_TRADE_PAINTING, 60000, 350000, 300, 0},
	{"roofing", "Réfection de l'étanchéité de la toiture-terrasse",
	    'b', DEMO_TRADE_ROOFING, 40000, 200000, 250, 0},
	{"lift_modernisation", "Modernisation de l'ascenseur (armoire de commande, portes palières)",
	    'b', DEMO_TRADE_LIFT, 45000, 120000, 400, 'l'},
	{"windows", "Remplacement des menuiseries extérieures",
	    'b', DEMO_TRADE_MULTI, 80000, 300000, 300, 'o'},
	{"common_areas_paint", "Peinture des halls et cages d'escalier",
	    'b', DEMO_TRADE_PAINTING, 15000, 60000, 500, 0},
	{"access_control", "Installation du contrôle d'accès par badges",
	    'b', DEMO_TRADE_ACCESS, 6000, 18000, 600, 'a'},
	{"insulation", "Isolation thermique par l'extérieur et remplacement de la VMC",
	    'b', DEMO_TRADE_MULTI, 250000, 900000, 0, 0},
	{"green_spaces", "Réaménagement des espaces verts",
	    'e', DEMO_TRADE_GREEN, 10000, 80000, 300, 0},
	{"residentialisation", "Résidentialisation : clôtures, portail et local vélos",
	    'e', DEMO_TRADE_MULTI, 80000, 400000, 150, 0},
};
const size_t demo_nworks = NELEM(demo_works);

const struct demo_round_line demo_round_lines[] = {
	{"Éclairage", "Ampoule grillée sur le palier du 2e étage", "electricity", 0},
	{"Ascenseur en service", "Ascenseur à l'arrêt", "lift", 1},
	{"Portes coupe-feu fermées", "Porte coupe-feu calée ouverte au sous-sol", "doors_locks",
	    0},
	{"Extincteurs", "Extincteur absent de son support au parking", "other", 0},
	{"Local poubelles", "Bacs débordants et sacs au sol", "cleanliness", 0},
	{"Boîtes aux lettres", "Boîte aux lettres forcée", "doors_locks", 0},
	{"Interphone", "Interphone muet", "intercom", 0},
	{"Propreté", "Hall sale, traces au sol", "cleanliness", 0},
	{"Tags", "Tag sur la porte du hall", "cleanliness", 0},
};
const size_t demo_nround_lines = NELEM(demo_round_lines);

LIST(demo_logbook_texts,
    "Passage de l'entreprise de nettoyage, halls et escaliers faits.",
    "Ampoule grillée remplacée sur le palier du 3e étage.",
    "Encombrants déposés devant le local poubelles, enlèvement demandé à la mairie.",
    "Visite du technicien ascenseur, appareil remis en service à 11 h.",
    "Dégât des eaux signalé : fuite provenant du logement du dessus, locataires prévenus.",
    "Sortie des bacs pour la collecte des ordures ménagères.",
    "Relevé des compteurs d'eau par le prestataire, deux logements absents.",
    "Porte du hall bloquée ouverte, ventouse réarmée.",
    "Rassemblement tardif dans le hall, rappel au calme fait.",
    "Nettoyage des tags sur la façade côté parking.",
    "Livraison du nouveau mobilier de la loge.",
    "Contrôle des extincteurs par Sicli, trois appareils remplacés.",
    "Réunion avec l'amicale des locataires au sujet du chauffage.",
    "Affichage de la coupure d'eau prévue jeudi de 9 h à 12 h.",
    "Visite d'un logement vacant avec le chargé de clientèle.",
    "Désinsectisation des caves réalisée, avis affiché dans les halls.",
    "Remise des clés à l'entreprise de peinture pour la remise en état.",
    "Véhicule ventouse signalé sur le parking à la police municipale.",
    "Élagage des arbres le long de l'allée, accès parking fermé la matinée.",
    "Panne d'éclairage extérieur, appel au prestataire.",
    "Chaudière collective redémarrée après l'intervention du chauffagiste.",
    "Colis déposé à la loge pour un locataire absent.",
    "Accueil de la nouvelle locataire, remise du livret d'accueil.",
    "Fuite sur la colonne d'eau chaude, vanne fermée en attendant le plombier.",
    "Contrôle de la porte coupe-feu du sous-sol, ferme-porte à régler.");

LIST(demo_note_texts,
    "Robinet d'arrêt général sous l'évier de la cuisine.",
    "Clé du compteur d'eau conservée à la loge.",
    "Accès aux combles par la trappe du placard de l'entrée.",
    "Chien dans le logement : prévenir avant toute visite.",
    "Parquet du séjour refait lors de la dernière relocation.",
    "Locataire préfère être contacté par SMS.",
    "Fenêtre de la chambre à surveiller : infiltration déjà signalée.",
    "Compteur électrique dans la gaine palière, pas dans le logement.",
    "Badge Vigik supplémentaire remis pour l'aide à domicile.",
    "Cave n° 12 rattachée au logement.");

LIST(demo_entry_observations,
    "Logement remis en peinture avant l'entrée.",
    "Locataire informé qu'il peut compléter cet état des lieux sous dix jours.",
    "Chauffage à vérifier pendant le premier mois de la période de chauffe.",
    "Traces de dépose d'anciens meubles dans la cuisine, signalées.",
    "Clés et badges remis contre signature.");

LIST(demo_exit_observations,
    "Logement rendu propre, quelques dégradations locatives.",
    "Logement rendu en bon état général.",
    "Nettoyage à reprendre dans la cuisine et la salle de bains.",
    "Encombrants laissés à la cave.",
    "Usure normale constatée, pas de retenue hors nettoyage.",
    "Restitution du dépôt de garantie sous deux mois après chiffrage.");

LIST(demo_ten_day_observations,
    "Avenant demandé par la locataire dans les dix jours suivant l'entrée.",
    "Défauts signalés par courrier du locataire, constatés sur place.",
    "Compléments demandés par le locataire à la loge, vérifiés ensemble.");

LIST(demo_heating_observations,
    "Complément sur le chauffage pendant le premier mois de la période de chauffe.",
    "Radiateurs vérifiés avec le locataire à la mise en route du chauffage.");

LIST(demo_refusals,
    "Désaccord sur l'état des sols.",
    "Conteste la retenue pour les peintures.",
    "Souhaite consulter son assurance avant de signer.");
