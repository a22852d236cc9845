set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-5.png'
set multiplot layout 2,2 title "5. Static files\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 2214.24 2153.7 2231.37 8073150 "2,214"
1 "nginx" 2113.92 2082.11 2119.64 3835592 "2,114"
EOD
set title "1MB,c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:2677.64]
set ytics ("0" 0, "1k" 1000, "2k" 2000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 78739.3 68122.2 79001.5 8073150 "78,739"
1 "nginx" 75325.2 73273.4 75450.9 3835592 "75,325"
EOD
set title "4KB,c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:94801.8]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 81.123 74.4373 87.6879 8073150 "81.1"
1 "nginx" 79.6239 74.7943 87.6532 3835592 "79.6"
EOD
set title "1MB,c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:105.225]
set ytics ("0" 0, "25" 25, "50" 50, "75" 75, "100" 100)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 12.5891 12.5735 14.5684 8073150 "12.6"
1 "nginx" 13.1898 13.1391 13.5571 3835592 "13.2"
EOD
set title "4KB,c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:17.4821]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
