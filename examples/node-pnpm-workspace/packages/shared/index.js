const isNumber = require("is-number");

exports.greet = (who) => `hello from ${who} (shared says ${isNumber(7) ? "7 is a number" : "?"})`;
